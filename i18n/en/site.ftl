# Site-specific strings of the Quảng Ngãi Department of Foreign Affairs (English).
# Keys here override the theme's keys of the same name.

site-title = Quảng Ngãi Department of Foreign Affairs
site-tagline = Foreign information portal
site-description = Official foreign information from Quảng Ngãi Province: investment opportunities, cultural heritage, the sea and islands, international cooperation and news for the press.
site-kicker = Quảng Ngãi Province · Viet Nam

## Section titles (used when a folder has no _index file)

section-investment = Investment
section-heritage = Heritage
section-sovereignty = Sea and Islands
section-cooperation = International Cooperation
section-news = News
section-press = Press Room

## Footer (sample contact details: replace with the official ones)

site-footer-org = Quảng Ngãi Department of Foreign Affairs
site-footer-address = 52 Hùng Vương Street, Quảng Ngãi City, Quảng Ngãi Province, Viet Nam
site-footer-phone = (+84) 255 3 822 000
site-footer-email = songoaivu@quangngai.gov.vn
site-footer-copyright = © Quảng Ngãi Department of Foreign Affairs. Please credit the source when republishing information from this site.
