#include "core/csv.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

TEST(Csv, ReadsUtf8WithAndWithoutBom) {
    Result<Sheet> plain = read_csv("姓名,性别\n张三,男\n");
    ASSERT_TRUE(plain) << plain.error().detail;
    EXPECT_EQ(plain.value(), (Sheet{{"姓名", "性别"}, {"张三", "男"}}));
    Result<Sheet> bom = read_csv("\xEF\xBB\xBF姓名,性别\r\n张三,男\r\n");
    ASSERT_TRUE(bom);
    EXPECT_EQ(bom.value()[0][0], "姓名");
}

TEST(Csv, ReadsGb18030AsWpsAndExcelWriteIt) {
    // 张三,男 and 𠮷 (a four-byte GB18030 sequence) as GB18030 bytes.
    Result<DecodedText> t = decode_text("\xd5\xc5\xc8\xfd,\xc4\xd0,\x95\x34\xb2\x35\r\n");
    ASSERT_TRUE(t) << t.error().detail;
    EXPECT_EQ(t.value().encoding, TextEncoding::Gb18030);
    EXPECT_EQ(t.value().utf8, "张三,男,𠮷\r\n");
}

TEST(Csv, BytesThatAreNeitherSayWhere) {
    Result<DecodedText> t = decode_text("\xd5\xc5\xff\xff");
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().detail.find("byte 2"), std::string::npos) << t.error().detail;
}

TEST(Csv, QuotesSeparatorsAndLineBreaks) {
    Result<Sheet> s = read_csv("a\tb\tc\n\"x\ty\"\t\"say \"\"hi\"\"\"\t\"two\nlines\"\r\n\n");
    ASSERT_TRUE(s);
    EXPECT_EQ(s.value(), (Sheet{{"a", "b", "c"}, {"x\ty", "say \"hi\"", "two\nlines"}}));
    EXPECT_EQ(read_csv("a;b\n1;2").value(), (Sheet{{"a", "b"}, {"1", "2"}}));
    EXPECT_EQ(read_csv("a,,c\n").value(), (Sheet{{"a", "", "c"}}));
}

TEST(Csv, AnUnclosedQuoteIsAnErrorWithItsLine) {
    Result<Sheet> s = read_csv("a,b\n1,\"open\n2,3\n");
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().detail.find("line 2"), std::string::npos) << s.error().detail;
}

TEST(Csv, WritesWhatItReadsBack) {
    Sheet sheet{{"姓名", "备注"}, {"刘䶮", "父亲\"外出\",务工\n母亲在家"}, {"王𠮷", "=1+1"}};
    const std::string file = write_csv(sheet);
    EXPECT_TRUE(file.starts_with("\xEF\xBB\xBF"));
    Result<Sheet> back = read_csv(file);
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value()[1], sheet[1]);
    EXPECT_EQ(back.value()[2][1], "'=1+1");  // never run as a formula when opened in Excel
}

}  // namespace
}  // namespace gy
