# Chuỗi giao diện của theme mặc định (tiếng Việt).
# Tiếng Việt không có dạng số nhiều, nhưng mọi bộ chọn vẫn phải có biến thể *[other].

## Điều hướng và bố cục chung

nav-skip = Chuyển đến nội dung chính
nav-main-label = Điều hướng chính
nav-home = Trang chủ
breadcrumb-label = Đường dẫn điều hướng

## Bộ chuyển ngôn ngữ

lang-switch-label = Chọn ngôn ngữ
lang-not-translated = (chưa có bản dịch)

## Trang chủ

home-hero-cta-topics = Khám phá các lĩnh vực
home-hero-cta-latest = Xem tin mới nhất
home-sections-heading = Khám phá theo lĩnh vực
home-sections-intro = Thông tin chính thức về đầu tư, di sản, biển đảo, hợp tác quốc tế và hoạt động đối ngoại.
home-section-more = Xem tất cả
home-section-more-label = Xem tất cả bài viết mục { $section }
home-latest-heading = Tin mới nhất

## Danh sách bài viết theo mục

list-count = { $count ->
   *[other] { $count } bài viết
}
list-count-paged = { $count ->
   *[other] { $count } bài viết
} · trang { $current }/{ $total }
section-subsections = Chuyên mục
section-empty = Mục này chưa có bài viết nào.

## Phân trang

pagination-label = Phân trang
pagination-previous = Trang trước
pagination-next = Trang sau
pagination-page = Trang { $number }
pagination-status = Trang { $current } / { $total }

## Bài viết

page-published = Ngày đăng
page-updated = Cập nhật
page-toc = Mục lục
page-tags = Từ khóa
page-back-to-section = Quay lại mục { $section }

## Trang lỗi 404

notfound-kicker = Lỗi 404
notfound-text = Trang bạn tìm có thể đã được chuyển đi, đổi tên hoặc không còn tồn tại. Vui lòng kiểm tra lại địa chỉ hoặc tiếp tục từ các liên kết dưới đây.
notfound-home = Về trang chủ
notfound-sections = Hoặc chọn một chuyên mục:

## Trang chọn ngôn ngữ ở gốc trang web

root-choose-language = Vui lòng chọn ngôn ngữ

## Chân trang

footer-contact-heading = Liên hệ
footer-sections-heading = Chuyên mục
footer-phone-label = Điện thoại
footer-email-label = Thư điện tử
footer-feed = Nhận tin qua Atom
footer-generator = Trang web được tạo bằng herald

## Chuỗi dùng chung với phần mã Rust (ngày tháng, tiêu đề trang 404)

not-found-title = Không tìm thấy trang
# $day và $month là số, $year là chuỗi (không nhóm chữ số).
date-long = { $day } tháng { $month } năm { $year }

## Giá trị mặc định cho các chuỗi riêng của trang web.
## Trang web ghi đè chúng trong i18n/vi/site.ftl; chuỗi rỗng { "" } thì dòng tương ứng bị ẩn.
## site-title và site-description không có mặc định: mỗi trang web phải tự khai báo.

site-tagline = Cổng thông tin đối ngoại
site-kicker = { "" }
site-footer-org = { site-title }
site-footer-address = { "" }
site-footer-phone = { "" }
site-footer-email = { "" }
site-footer-copyright = © { site-title }

## Tìm kiếm (ô tìm kiếm ở đầu trang, trang /vi/search/)

search-title = Tìm kiếm
search-label = Tìm trong trang thông tin
search-submit = Tìm
search-hint = Gõ có dấu hoặc không dấu đều được: “Quảng Ngãi” hay “quang ngai”, “đầu tư” hay “dau tu”.
search-empty = Nhập từ khóa rồi bấm Tìm.
search-loading = Đang tìm…
search-error = Không tải được chỉ mục tìm kiếm. Vui lòng thử lại sau hoặc duyệt theo chuyên mục.
search-noscript = Tìm kiếm cần JavaScript. Bạn vẫn có thể duyệt nội dung qua các chuyên mục ở thanh điều hướng.
search-more = Xem thêm kết quả
# $count là số kết quả; $query là từ khóa người dùng đã gõ.
search-results = { $count ->
    [0] Không có kết quả nào cho “{ $query }”
   *[other] { $count } kết quả cho “{ $query }”
}

## Trang có trường dữ liệu: hộp thông tin, số tiền, tọa độ

facts-heading-investment = Thông tin đầu tư
facts-heading-heritage = Thông tin tham quan
facts-heading-press = Thông tin báo chí
facts-heading-sovereignty = Thông tin chính
facts-heading-news = Sự kiện
facts-heading-generic = Thông tin
# $amount đã được quy đổi theo $scale (billion, million hoặc one); $currency là VND hoặc USD.
money = { $amount }{ $scale ->
    [billion] {" "}tỷ
    [million] {" "}triệu
   *[one] {""}
} { $currency ->
    [VND] đồng
   *[other] { $currency }
}
# $lat, $lon là số độ dương; $ns là N hoặc S, $ew là E hoặc W.
geo-point = { $lat }° { $ns ->
    [N] vĩ Bắc
   *[S] vĩ Nam
}, { $lon }° { $ew ->
    [E] kinh Đông
   *[W] kinh Tây
}
geo-map-link = Xem trên OpenStreetMap

## Phân loại

taxonomy-tags = Từ khóa
taxonomy-term-count = { $count } mục
term-pages = { $count } bài
section-browse-label = Tra cứu trong chuyên mục
section-geojson = Tải danh sách địa điểm dạng GeoJSON (cho phần mềm bản đồ)
home-featured-heading = Nổi bật

## Bộ tài liệu báo chí (kit/page.html và các tệp văn bản trong tệp nén của mỗi bộ)

facts-heading-kit = Liên hệ báo chí
kit-download-heading = Tải bộ tài liệu
# $language là tên ngôn ngữ của tệp nén, $size là dung lượng (kit-file-size).
kit-download-zip = Toàn bộ tệp, { $language } (ZIP, { $size })
kit-download-contents = Ảnh gốc, ảnh cỡ web, chú thích và ghi nguồn, thông cáo báo chí dạng HTML và văn bản thuần, tệp mô tả và mã kiểm tra SHA-256.
kit-download-other = Các bản khác:
kit-images-heading = Hình ảnh
kit-documents-heading = Tài liệu
kit-file-count = { $count } tệp
kit-original = Bản gốc
kit-web-version = Bản cho web
kit-checksum-help = Kiểm tra tệp đã tải bằng lệnh: sha256sum TÊN-TỆP
# $size là số đã làm tròn; $unit là B, kB, MB hoặc GB (1 kB = 1000 byte).
kit-file-size = { $unit ->
    [B] { $size } byte
    [kB] { $size } kB
    [MB] { $size } MB
   *[GB] { $size } GB
}
kit-pixels = { $width } × { $height } điểm ảnh
kit-label-file = Tệp
kit-label-caption = Chú thích
kit-label-alt = Mô tả ảnh (văn bản thay thế)
kit-label-credit = Nguồn
kit-label-licence = Giấy phép
kit-label-date = Ngày
kit-label-place = Địa điểm
kit-label-size = Kích thước
kit-label-web = Bản cho web
kit-label-sha256 = SHA-256
kit-label-source = Nguồn tin
kit-captions-heading = Chú thích và ghi nguồn
kit-captions-intro = Khi đăng, vui lòng ghi nguồn của từng tệp và tuân thủ giấy phép đi kèm. Mã kiểm tra của mọi tệp nằm trong SHA256SUMS (kiểm tra bằng lệnh: sha256sum -c SHA256SUMS).
