#!/usr/bin/python3
# Makes the .xlsx fixtures the unit tests read, as other programs write them:
#   openpyxl.xlsx  by python3-openpyxl (Debian): shared strings, real dates, numbers, a boolean, sparse cells
#   inline.xlsx    by hand, as streaming writers do: inline strings, prefixed tags (x:row), no cell references,
#                  an absolute relationship target, the 1904 date system, a rich-text shared string
# Run from anywhere: /usr/bin/python3 tests/data/make_fixtures.py (the files are committed; rerun only to change them).
import datetime, os, zipfile
import openpyxl
from openpyxl.styles import Font

here = os.path.dirname(os.path.abspath(__file__))

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "学生名单"
ws.append(["姓名", "身份证号", "出生日期", "年龄", "备注", "在校"])
ws.append(["刘䶮", "430422201506070017", datetime.date(2015, 6, 7), 11, None, True])
ws.append(["吉𠮷", "43042220160229002X", datetime.date(2016, 2, 29), 10, "留守", False])
ws["A5"] = "王小明"          # row 4 left out: a gap
ws["F5"] = 1.5               # a sparse cell far right, a fraction
ws["C5"] = datetime.datetime(2026, 11, 23, 8, 30)
ws["C5"].number_format = "yyyy\"年\"m\"月\"d\"日\" hh:mm"
ws["A1"].font = Font(bold=True)
wb.save(os.path.join(here, "openpyxl.xlsx"))

def part(xml):
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml

main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
with zipfile.ZipFile(os.path.join(here, "inline.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", part(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/data/first.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '</Types>'))
    z.writestr("_rels/.rels", part(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % rel))
    z.writestr("xl/workbook.xml", part(
        '<x:workbook xmlns:x="%s" xmlns:r="%s"><x:workbookPr date1904="1"/>'
        '<x:sheets><x:sheet name="名单" sheetId="1" r:id="rIdA"/><x:sheet name="另一张" sheetId="2" r:id="rIdB"/></x:sheets>'
        '</x:workbook>' % (main, rel)))
    z.writestr("xl/_rels/workbook.xml.rels", part(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdB" Type="%s/worksheet" Target="/xl/data/second.xml"/>'
        '<Relationship Id="rIdA" Type="%s/worksheet" Target="/xl/data/first.xml"/>'
        '<Relationship Id="rIdS" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rIdT" Type="%s/styles" Target="styles.xml"/></Relationships>' % (rel, rel, rel, rel)))
    z.writestr("xl/sharedStrings.xml", part(
        '<sst xmlns="%s" count="1" uniqueCount="1"><si><r><rPr><b/></rPr><t>家长</t></r><r><t xml:space="preserve">电话 </t></r>'
        '<rPh sb="0" eb="2"><t>ジャチャン</t></rPh></si></sst>' % main))
    z.writestr("xl/styles.xml", part(
        '<styleSheet xmlns="%s"><numFmts count="1"><numFmt numFmtId="170" formatCode="[Red]0.00;&quot;d&quot;0"/></numFmts>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="170"/></cellXfs></styleSheet>' % main))
    z.writestr("xl/data/first.xml", part(
        '<x:worksheet xmlns:x="%s"><x:sheetData>'
        '<x:row><x:c t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>入学</x:t></x:is></x:c></x:row>'
        '<x:row><x:c t="inlineStr"><x:is><x:t>张&amp;三</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>13800138000</x:t></x:is></x:c><x:c s="1"><x:v>44795</x:v></x:c><x:c s="2"><x:v>3.25</x:v></x:c></x:row>'
        '</x:sheetData></x:worksheet>' % main))
    z.writestr("xl/data/second.xml", part(
        '<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>不是第一张</t></is></c></row></sheetData></worksheet>' % main))
print("written", os.listdir(here))
