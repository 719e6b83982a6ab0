# Names of the typed fields and their values (herald.yaml `sections:`).

## Investment

field-sector = Sector
value-sector-heavy-industry = Heavy industry and petrochemicals
value-sector-manufacturing = Manufacturing and processing
value-sector-cross-sector = Cross-sector
field-district = Location
value-district-binh-son = Bình Sơn district
value-district-son-tinh = Sơn Tịnh district
value-district-province-wide = Province-wide
field-form = Form of investment
value-form-fdi = Foreign direct investment (FDI)
value-form-oda = ODA and aid
value-form-ppp = Public-private partnership (PPP)
value-form-domestic = Domestic investment
value-form-ngo = Non-governmental aid
field-capital = Investment
field-status = Status
value-status-open = Open to investors
value-status-preparing = In preparation
value-status-operating = In operation
field-area_ha = Area
value-area_ha = { $value } ha
field-contact = Contact

## Heritage

field-location = Coordinates
field-recognition = Recognition
value-recognition-special-national = Special national monument
value-recognition-national = National monument
value-recognition-provincial = Provincial monument
value-recognition-unesco = UNESCO World Heritage
value-recognition-intangible-national = National intangible cultural heritage
field-address = Address
field-hours = Visiting
field-ticket = Tickets

## Sea and islands, news

field-key_messages = Key messages
field-place = Place
field-event_date = Date
