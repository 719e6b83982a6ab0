# Tên các trường dữ liệu và giá trị của chúng (herald.yaml `sections:`).

## Đầu tư

field-sector = Lĩnh vực
value-sector-heavy-industry = Công nghiệp nặng và lọc hóa dầu
value-sector-manufacturing = Công nghiệp chế biến, chế tạo
value-sector-cross-sector = Đa ngành
field-district = Địa bàn
value-district-binh-son = Huyện Bình Sơn
value-district-son-tinh = Huyện Sơn Tịnh
value-district-province-wide = Toàn tỉnh
field-form = Hình thức đầu tư
value-form-fdi = Đầu tư trực tiếp nước ngoài (FDI)
value-form-oda = Vốn ODA và viện trợ
value-form-ppp = Đối tác công tư (PPP)
value-form-domestic = Đầu tư trong nước
value-form-ngo = Viện trợ phi chính phủ
field-capital = Vốn đầu tư
field-status = Tình trạng
value-status-open = Đang thu hút đầu tư
value-status-preparing = Đang chuẩn bị
value-status-operating = Đang hoạt động
field-area_ha = Diện tích
value-area_ha = { $value } ha
field-contact = Liên hệ

## Di sản

field-location = Tọa độ
field-recognition = Xếp hạng
value-recognition-special-national = Di tích quốc gia đặc biệt
value-recognition-national = Di tích quốc gia
value-recognition-provincial = Di tích cấp tỉnh
value-recognition-unesco = Di sản thế giới (UNESCO)
value-recognition-intangible-national = Di sản văn hóa phi vật thể quốc gia
field-address = Địa chỉ
field-hours = Thời gian tham quan
field-ticket = Vé

## Biển đảo, tin tức

field-key_messages = Thông điệp chính
field-place = Địa điểm
field-event_date = Ngày diễn ra
