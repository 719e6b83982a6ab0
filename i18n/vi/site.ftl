# Chuỗi riêng của trang web Sở Ngoại vụ tỉnh Quảng Ngãi (tiếng Việt).
# Các khóa ở đây ghi đè khóa cùng tên của theme.

site-title = Sở Ngoại vụ tỉnh Quảng Ngãi
site-tagline = Cổng thông tin đối ngoại
site-description = Thông tin đối ngoại chính thức của tỉnh Quảng Ngãi: cơ hội đầu tư, di sản văn hóa, biển đảo, hợp tác quốc tế và tin tức dành cho báo chí.
site-kicker = Tỉnh Quảng Ngãi · Việt Nam

## Tên mục (dùng khi thư mục không có tệp _index)

section-investment = Đầu tư
section-heritage = Di sản
section-sovereignty = Biển, đảo
section-cooperation = Hợp tác quốc tế
section-news = Tin tức
section-press = Dành cho báo chí

## Chân trang (thông tin liên hệ mẫu, cần thay bằng thông tin chính thức)

site-footer-org = Sở Ngoại vụ tỉnh Quảng Ngãi
site-footer-address = 52 Hùng Vương, TP. Quảng Ngãi, tỉnh Quảng Ngãi, Việt Nam
site-footer-phone = (+84) 255 3 822 000
site-footer-email = songoaivu@quangngai.gov.vn
site-footer-copyright = © Sở Ngoại vụ tỉnh Quảng Ngãi. Khi phát hành lại thông tin từ trang này, vui lòng ghi rõ nguồn.
