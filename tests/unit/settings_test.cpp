#include "core/settings.h"
#include "core/text.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

TEST(Settings, RoundTripsThroughJson) {
    Settings s;
    s.device_name = "吉𠮷村委会手机";
    s.operator_name = "刘䶮";
    s.text_scale = 150;
    Result<Settings> back = settings_from_json(settings_to_json(s));
    ASSERT_TRUE(back.ok()) << back.error().detail;
    EXPECT_EQ(back.value(), s);
}

TEST(Settings, RejectsWhatIsNotOurs) {
    EXPECT_EQ(settings_from_json("").error().code, ErrorCode::InvalidJson);
    EXPECT_EQ(settings_from_json("not json").error().code, ErrorCode::InvalidJson);
    EXPECT_EQ(settings_from_json("[]").error().code, ErrorCode::InvalidFormat);
    EXPECT_EQ(settings_from_json(R"({"version":1})").error().code, ErrorCode::InvalidFormat);
    EXPECT_EQ(settings_from_json(R"({"format":"gongyu.settings","version":"1"})").error().code,
              ErrorCode::InvalidFormat);
    EXPECT_EQ(settings_from_json(R"({"format":"gongyu.settings","version":1,"device_name":7})").error().code,
              ErrorCode::InvalidFormat);
    EXPECT_EQ(settings_from_json(R"({"format":"gongyu.settings","version":2})").error().code,
              ErrorCode::UnsupportedVersion);
}

TEST(Settings, ValidatesRanges) {
    Settings s;
    s.text_scale = 99;
    EXPECT_FALSE(validate_settings(s).ok());
    s.text_scale = 201;
    EXPECT_FALSE(validate_settings(s).ok());
    s.text_scale = 200;
    EXPECT_TRUE(validate_settings(s).ok());
    s.device_name = std::string(121, 'a');
    EXPECT_EQ(validate_settings(s).error().code, ErrorCode::InvalidValue);
    s.device_name = "a\nb";
    EXPECT_FALSE(validate_settings(s).ok());
    s.device_name = "\xE5\xA4";  // truncated UTF-8
    EXPECT_FALSE(validate_settings(s).ok());
}

TEST(Text, Utf8Validation) {
    EXPECT_TRUE(is_valid_utf8("张三 𠮷 䶮 abc"));
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xE4\xB8"));
}

}  // namespace
}  // namespace gy
