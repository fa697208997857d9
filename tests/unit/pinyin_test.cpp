#include "core/pinyin.h"
#include "core/synthetic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <string>
#include <vector>

namespace gy {
namespace {

TEST(Pinyin, ReadsCommonRareAndExtensionCharacters) {
    ASSERT_TRUE(pinyin_of(U'张') && pinyin_of(U'堃') && pinyin_of(U'䶮') && pinyin_of(U'吕'));
    EXPECT_EQ(pinyin_of(U'张')->letters, "zhang");
    EXPECT_EQ(pinyin_of(U'张')->tone, 1);
    EXPECT_EQ(pinyin_of(U'堃')->letters, "kun");     // rare in names
    EXPECT_EQ(pinyin_of(U'䶮')->letters, "yan");     // Extension A
    ASSERT_TRUE(pinyin_of(U'𠮷').has_value());          // Extension B, no reading of its own:
    EXPECT_EQ(pinyin_of(U'𠮷')->letters, "ji");         // it borrows 吉's
    EXPECT_EQ(pinyin_of(U'吕')->letters, "lv");      // ü written v
    EXPECT_FALSE(pinyin_of(U'A').has_value());
    EXPECT_FALSE(pinyin_of(U'\U00030000').has_value());
}

// The browser starts without Extension B's readings (pinyin.h): it asks for them once, the first time a
// name needs one, and reads such names as soon as they are installed.
TEST(Pinyin, ExtensionBIsAskedForOnceAndReadOnceInstalled) {
    const std::span<const uint16_t> builtin = extension_b_table();
    forget_extension_b();
    int asked = 0;
    ask_for_extension_b_with([&] { ++asked; });
    EXPECT_EQ(name_pinyin("张三"), "zhang san");
    EXPECT_EQ(asked, 0) << "names without Extension B characters need nothing";
    EXPECT_FALSE(name_matches("𠮷祥", "jx"));
    EXPECT_FALSE(pinyin_of(U'𠮷').has_value());
    EXPECT_EQ(asked, 1) << "asked once, not at every lookup";
    extension_b_still_missing();  // the fetch failed
    EXPECT_FALSE(pinyin_of(U'𠮷').has_value());
    EXPECT_EQ(asked, 2) << "asked again after a failed fetch";
    EXPECT_FALSE(install_extension_b(std::vector<uint16_t>(100))) << "a table of the wrong size is refused";
    EXPECT_FALSE(extension_b_installed());
    EXPECT_TRUE(install_extension_b(std::vector<uint16_t>(builtin.begin(), builtin.end())));
    EXPECT_TRUE(name_matches("𠮷祥", "jx"));
    EXPECT_EQ(name_pinyin("𠮷祥"), "ji xiang");
    EXPECT_EQ(asked, 2);
    ask_for_extension_b_with(nullptr);
}

TEST(Pinyin, InitialsAndFullPinyin) {
    EXPECT_EQ(name_initials("张三"), "zs");
    EXPECT_EQ(name_pinyin("刘䶮"), "liu yan");
    EXPECT_EQ(name_pinyin("单田芳"), "shan tian fang");  // the surname reading, not dān
    EXPECT_EQ(name_pinyin("曾国藩"), "zeng guo fan");
    EXPECT_EQ(name_pinyin("简单"), "jian dan");          // only the first character is a surname
}

TEST(Pinyin, SearchByInitialsFullPinyinAndMixtures) {
    for (const char* q : {"zs", "ZS", "zhangsan", "zhang san", "zhangs", "zhs", "zhang", "san", "s", "张", "张三", "三"})
        EXPECT_TRUE(name_matches("张三", q)) << q;
    for (const char* q : {"zx", "zhangsi", "li", "sz", "四", "zhangsana"})
        EXPECT_FALSE(name_matches("张三", q)) << q;
    EXPECT_TRUE(name_matches("吉𠮷", "jj"));
    EXPECT_TRUE(name_matches("吕红", "lvh"));
    EXPECT_TRUE(name_matches("阿依古丽·买买提", "ayglmmt"));
    EXPECT_TRUE(name_matches("任意名字", ""));
}

TEST(Pinyin, NamesSortByPinyinThenTone) {
    std::vector<std::string> names = {"赵六", "张三", "李四", "王五", "安娜", "曾小明", "陈晨", "单雄信", "阿强", "张",
                                      "Tom", "2班"};
    std::sort(names.begin(), names.end(), [](auto& a, auto& b) { return compare_names(a, b) < 0; });
    const std::vector<std::string> expected = {"2班", "Tom", "阿强", "安娜", "陈晨", "李四", "单雄信", "王五",
                                               "曾小明", "张", "张三", "赵六"};
    EXPECT_EQ(names, expected);
}

TEST(Pinyin, SameReadingDifferentCharactersNeverTie) {
    EXPECT_NE(compare_names("张三", "章三"), 0);
    EXPECT_EQ(compare_names("张三", "张三"), 0);
    EXPECT_LT(compare_names("西安", "先"), 0);  // xi an before xian
}


// The order Intl.Collator('zh-CN') (ICU) gives these names, printed by Node.
// Gongyu agrees, except that it reads polyphonic surnames as surnames (ICU
// does not): 曾 zēng, 单 shàn; those two are checked on their own below. Two
// characters of the very same reading (江 and 姜, both jiāng) are ordered by
// code point here and by ICU's own list there; the list has no such pair.
static const std::vector<std::string> kIcuOrder = {
        "白岩",
        "蔡琴",
        "曹操",
        "漕河",
        "常远",
        "陈静",
        "程浩",
        "崔健",
        "戴军",
        "邓超",
        "丁一",
        "董洁",
        "杜甫",
        "段奕",
        "范冰",
        "方文",
        "冯刚",
        "傅彪",
        "高峰",
        "龚琳",
        "顾城",
        "郭强",
        "韩梅",
        "郝蕾",
        "何平",
        "贺军",
        "侯勇",
        "胡军",
        "黄磊",
        "吉𠮷",
        "贾玲",
        "江珊",
        "蒋欣",
        "金星",
        "康辉",
        "孔子",
        "赖声",
        "黎明",
        "李娜",
        "梁晨",
        "廖凡",
        "林涛",
        "刘䶮",
        "刘洋",
        "龙飞",
        "陆毅",
        "吕布",
        "罗兰",
        "马超",
        "毛阿",
        "孟非",
        "潘粤",
        "彭于晏",
        "钱钟",
        "乔丹",
        "秦岚",
        "邱淑",
        "任贤",
        "邵兵",
        "沈腾",
        "石磊",
        "史可",
        "宋佳",
        "苏轼",
        "孙丽",
        "谭晶",
        "汤唯",
        "唐宁",
        "田亮",
        "万茜",
        "汪涵",
        "王芳",
        "魏巍",
        "文章",
        "吴昊",
        "武松",
        "夏雨",
        "萧然",
        "谢娜",
        "熊黛",
        "徐静",
        "许晴",
        "薛凯",
        "阎妮",
        "杨帆",
        "姚明",
        "叶倩",
        "易烊",
        "尹相",
        "于洋",
        "余华",
        "袁华",
        "张伟",
        "赵敏",
        "郑爽",
        "钟汉",
        "周杰",
        "朱红",
        "邹市"};

TEST(Pinyin, AgreesWithIcuOnCommonNames) {
    std::vector<std::string> names(kIcuOrder.rbegin(), kIcuOrder.rend());
    std::sort(names.begin(), names.end(), [](auto& a, auto& b) { return compare_names(a, b) < 0; });
    EXPECT_EQ(names, kIcuOrder);
}

TEST(Pinyin, PolyphonicSurnamesSortAsSurnames) {
    EXPECT_LT(compare_names("曾志伟", "张伟"), 0);   // zeng before zhang
    EXPECT_LT(compare_names("单田芳", "邵兵"), 0);   // shan before shao
    EXPECT_GT(compare_names("单田芳", "任贤"), 0);   // after ren
}

TEST(Pinyin, IndexFindsWhatNameMatchesFinds) {
    const std::vector<std::string> names = gy::SyntheticPeople(7).names(5000);
    NameIndex index(names);
    for (const char* q : {"zs", "liu", "lzh", "zhangs", "x", "子", "wang yu", "ouyang", "smy", ""}) {
        std::vector<uint32_t> expected;
        for (uint32_t r = 0; r < names.size(); ++r)
            if (name_matches(names[r], q)) expected.push_back(r);
        EXPECT_EQ(index.search(q), expected) << q;
    }
}

TEST(Synthetic, NamesAreDeterministicAndRealistic) {
    EXPECT_EQ(gy::SyntheticPeople(1).names(100), gy::SyntheticPeople(1).names(100));
    const auto names = gy::SyntheticPeople(3).names(20000);
    size_t rare = 0, liu = 0;
    for (const auto& n : names) {
        rare += n.find("祜") != std::string::npos || n.find("䶮") != std::string::npos ||
                n.find("𠮷") != std::string::npos || n.find("堃") != std::string::npos;
        liu += n.rfind("刘", 0) == 0;
        EXPECT_TRUE(n.size() >= 6 && n.size() <= 13) << n;
    }
    EXPECT_GT(rare, 0u);
    EXPECT_GT(liu, 20000u / 40);  // the most common surname is common
}

}  // namespace
}  // namespace gy
