// Tests for core/xlsx.h: round trips through our own writer, workbooks written
// by other programs (tests/data, made by make_fixtures.py), and hostile files.
#include "core/xlsx.h"

#include <gtest/gtest.h>
#include <unzip.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace gy {
namespace {

std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(GONGYU_TEST_DATA) + "/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A zip made with minizip's writer, for files no spreadsheet program would write.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& entries, size_t repeat_last = 1) {
    char path[] = "/tmp/gongyu-xlsx-test-XXXXXX";
    close(mkstemp(path));
    zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);
    for (size_t i = 0; i < entries.size(); ++i) {
        zip_fileinfo info{};
        zipOpenNewFileInZip64(z, entries[i].first.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, 1, 1);
        const size_t times = i + 1 == entries.size() ? repeat_last : 1;
        for (size_t t = 0; t < times; ++t)
            zipWriteInFileInZip(z, entries[i].second.data(), static_cast<unsigned>(entries[i].second.size()));
        zipCloseFileInZip(z);
    }
    zipClose(z, nullptr);
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    std::remove(path);
    return s.str();
}

const std::string kWorkbook =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>)";
const std::string kRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)";

std::string sheet_zip(const std::string& sheet_data, size_t repeat = 1) {
    return make_zip({{"xl/workbook.xml", kWorkbook}, {"xl/_rels/workbook.xml.rels", kRels}, {"xl/worksheets/sheet1.xml", sheet_data}},
                    repeat);
}

TEST(Xlsx, RoundTripKeepsTextDatesNumbersAndGaps) {
    const Sheet sheet = {
        {"姓名", "身份证号", "出生日期", "联系电话", "人数", "备注"},
        {"刘䶮", "430422201506070017", "2015-06-07", "13800138000", "3", ""},
        {"吉𠮷", "43042220160229002X", "2016-02-29", "0731-84567890", "12.5", "住在\"外婆\"家\n周末回"},
        {"", "", "", "", "", "只有备注"},
        {"王小明", "", "不详", "", "约10", "<&>"},
    };
    const std::vector<CellType> types = {CellType::Text, CellType::Text, CellType::Date, CellType::Text, CellType::Number, CellType::Text};
    Result<std::string> bytes = write_xlsx(sheet, types, "学生名单");
    ASSERT_TRUE(bytes) << bytes.error().detail;
    EXPECT_EQ(sniff_sheet_file(bytes.value()), SheetFileKind::Xlsx);
    Result<Sheet> back = read_xlsx(bytes.value());
    ASSERT_TRUE(back) << back.error().detail;
    EXPECT_EQ(back.value(), sheet);
}

TEST(Xlsx, WritesDatesAsDatesAndIdNumbersAsText) {
    const Sheet sheet = {{"身份证号", "出生日期", "人数"}, {"430422201506070017", "2015-06-07", "7"}};
    Result<std::string> bytes = write_xlsx(sheet, {CellType::Text, CellType::Date, CellType::Number}, "名单");
    ASSERT_TRUE(bytes);
    // Look inside: the ID number is a shared string, the date a serial with a date style, 7 a number.
    std::string sheet_xml;
    {
        char path[] = "/tmp/gongyu-xlsx-test-XXXXXX";
        int fd = mkstemp(path);
        ASSERT_EQ(write(fd, bytes.value().data(), bytes.value().size()), static_cast<ssize_t>(bytes.value().size()));
        close(fd);
        unzFile z = unzOpen64(path);
        ASSERT_NE(z, nullptr);
        ASSERT_EQ(unzLocateFile(z, "xl/worksheets/sheet1.xml", 0), UNZ_OK);
        unzOpenCurrentFile(z);
        char buf[4096];
        for (int n; (n = unzReadCurrentFile(z, buf, sizeof buf)) > 0;) sheet_xml.append(buf, n);
        unzClose(z);
        std::remove(path);
    }
    EXPECT_NE(sheet_xml.find(R"(<c r="A2" s="1" t="s"><v>)"), std::string::npos) << sheet_xml;  // text style "@"
    EXPECT_NE(sheet_xml.find(R"(<c r="B2" s="3"><v>42162</v></c>)"), std::string::npos) << sheet_xml;  // 2015-06-07
    EXPECT_NE(sheet_xml.find(R"(<c r="C2"><v>7</v></c>)"), std::string::npos) << sheet_xml;
    EXPECT_NE(sheet_xml.find(R"(<pane ySplit="1")"), std::string::npos) << "header row frozen";
    EXPECT_NE(sheet_xml.find(R"(<col min="1" max="1" width=")"), std::string::npos) << "column widths set";
}

TEST(Xlsx, ColumnWidthsCountChineseCharactersTwice) {
    const Sheet sheet = {{"备注", "x"}, {"一二三四五六七八九十", "abcdefghij"}};
    Result<std::string> bytes = write_xlsx(sheet, {}, "宽度");
    ASSERT_TRUE(bytes);
    Result<Sheet> back = read_xlsx(bytes.value());
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value(), sheet);
    EXPECT_NE(bytes.value().find("PK"), std::string::npos);
}

TEST(Xlsx, SheetTitleIsMadeAcceptableToExcel) {
    Result<std::string> bytes = write_xlsx({{"a"}}, {}, "学生[2026]/名单:第一批*全部?超过三十一个字符的名称一定会被截断的名称");
    ASSERT_TRUE(bytes) << bytes.error().detail;
    EXPECT_TRUE(read_xlsx(bytes.value()));
}

TEST(Xlsx, ReadsWhatOpenpyxlWrote) {
    Result<Sheet> sheet = read_xlsx(read_fixture("openpyxl.xlsx"));
    ASSERT_TRUE(sheet) << sheet.error().detail;
    const Sheet expected = {
        {"姓名", "身份证号", "出生日期", "年龄", "备注", "在校"},
        {"刘䶮", "430422201506070017", "2015-06-07", "11", "", "TRUE"},
        {"吉𠮷", "43042220160229002X", "2016-02-29", "10", "留守", "FALSE"},
        {"", "", "", "", "", ""},
        {"王小明", "", "2026-11-23 08:30", "", "", "1.5"},
    };
    EXPECT_EQ(sheet.value(), expected);
}

TEST(Xlsx, ReadsInlineAndRichStringsPrefixedTagsAnd1904Dates) {
    Result<Sheet> sheet = read_xlsx(read_fixture("inline.xlsx"));
    ASSERT_TRUE(sheet) << sheet.error().detail;
    const Sheet expected = {
        {"姓名", "家长电话 ", "入学", ""},
        {"张&三", "13800138000", "2026-08-23", "3.25"},
    };
    EXPECT_EQ(sheet.value(), expected);
}

TEST(Xlsx, TellsOldXlsAndPasswordProtectedFilesApart) {
    std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    ole += std::string(512, '\0');
    Result<Sheet> xls = read_xlsx(ole + "W\0o\0r\0k\0b\0o\0o\0k\0");
    ASSERT_FALSE(xls);
    EXPECT_EQ(xls.error().code, ErrorCode::OldXls);
    Result<Sheet> encrypted = read_xlsx(ole + std::string("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32));
    ASSERT_FALSE(encrypted);
    EXPECT_EQ(encrypted.error().code, ErrorCode::Encrypted);
    EXPECT_EQ(sniff_sheet_file(ole), SheetFileKind::OldXls);
}

TEST(Xlsx, RejectsWhatIsNotAWorkbook) {
    Result<Sheet> csv = read_xlsx("姓名,身份证号\n");
    ASSERT_FALSE(csv);
    EXPECT_EQ(csv.error().code, ErrorCode::InvalidFormat);
    EXPECT_NE(csv.error().detail.find("not a zip"), std::string::npos);

    Result<Sheet> docx = read_xlsx(make_zip({{"word/document.xml", "<w:document/>"}}));
    ASSERT_FALSE(docx);
    EXPECT_NE(docx.error().detail.find("not an .xlsx"), std::string::npos) << docx.error().detail;

    Result<std::string> good = write_xlsx({{"姓名"}, {"刘䶮"}}, {}, "a");
    ASSERT_TRUE(good);
    for (size_t cut : {size_t{10}, good.value().size() / 2, good.value().size() - 10}) {
        Result<Sheet> truncated = read_xlsx(std::string_view(good.value()).substr(0, cut));
        ASSERT_FALSE(truncated) << "cut at " << cut;
        EXPECT_EQ(truncated.error().code, ErrorCode::InvalidFormat) << truncated.error().detail;
    }
    // A flipped byte inside the compressed sheet: inflate or CRC error, not garbage.
    std::string damaged = good.value();
    const size_t at = damaged.find("xl/worksheets/sheet1.xml") + 40;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x55);
    EXPECT_FALSE(read_xlsx(damaged));
}

TEST(Xlsx, ReportsBrokenSheetsPrecisely) {
    Result<Sheet> bad_xml = read_xlsx(sheet_zip("<worksheet><sheetData><row>"));
    ASSERT_FALSE(bad_xml);
    EXPECT_NE(bad_xml.error().detail.find("xl/worksheets/sheet1.xml: XML error"), std::string::npos) << bad_xml.error().detail;

    Result<Sheet> bad_index = read_xlsx(sheet_zip(R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>5</v></c></row></sheetData></worksheet>)"));
    ASSERT_FALSE(bad_index);
    EXPECT_NE(bad_index.error().detail.find("shared string 5"), std::string::npos);

    Result<Sheet> backwards = read_xlsx(sheet_zip(R"(<worksheet><sheetData><row r="3"/><row r="2"/></sheetData></worksheet>)"));
    EXPECT_FALSE(backwards);

    Result<Sheet> no_part = read_xlsx(make_zip({{"xl/workbook.xml", kWorkbook}, {"xl/_rels/workbook.xml.rels", kRels}}));
    ASSERT_FALSE(no_part);
    EXPECT_NE(no_part.error().detail.find("is missing"), std::string::npos);
}

TEST(Xlsx, RejectsZipBombs) {
    // 300 MB of spaces inside the sheet, ~300 KB compressed: stopped at the budget, not inflated whole.
    const std::string chunk(1 << 20, ' ');
    Result<Sheet> bomb = read_xlsx(sheet_zip("<worksheet><sheetData>" + chunk, 300));
    ASSERT_FALSE(bomb);
    EXPECT_EQ(bomb.error().code, ErrorCode::TooLarge) << bomb.error().detail;

    // Two cells, but so far apart that filling the gap would be 17 billion cells.
    Result<Sheet> sparse = read_xlsx(sheet_zip(
        R"(<worksheet><sheetData><row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>)"));
    ASSERT_FALSE(sparse);
    EXPECT_EQ(sparse.error().code, ErrorCode::TooLarge);

    Result<Sheet> past_excel = read_xlsx(sheet_zip(R"(<worksheet><sheetData><row r="1"><c r="ZZZZ1"><v>1</v></c></row></sheetData></worksheet>)"));
    EXPECT_FALSE(past_excel);
}

}  // namespace
}  // namespace gy
