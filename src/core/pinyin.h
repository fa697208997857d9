// pinyin.h — Chinese names the way Chinese users sort and search them.
//
// Readings come from Unihan's kMandarin field (Debian's unicode-data), turned
// into a table at build time (tools/gen_pinyin.mjs), so the browser and the
// native build sort and match identically. A name's first character takes its
// surname reading where that differs (单 shàn, 曾 zēng, 解 xiè …).
// Depends on: nothing but the standard library (and the generated table).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <cstdint>

namespace gy {

struct Syllable {
    std::string_view letters;  // toneless, lower case, ü written v: "zhang", "lv"
    int tone;                  // 1–4, 5 for the neutral tone
};

std::optional<Syllable> pinyin_of(char32_t codepoint);
// The characters of the Unified block in the 2013 General Standard (通用规范汉字表), in code point order.
const std::vector<char32_t>& standard_characters();

// A byte string whose order is the pinyin order of names: compare keys with <.
std::string name_sort_key(std::string_view utf8_name);
int compare_names(std::string_view a, std::string_view b);

// "zs", "zhangs", "zhangsan", "zhang san", "ZS" and "张" all find 张三; the
// query may start at any character of the name ("san" finds 张三).
bool name_matches(std::string_view utf8_name, std::string_view query);

// The same search over many names at once: each name's spelling is worked
// out once, so a query over a county's 123,000 names stays within a frame.
class NameIndex {
public:
    explicit NameIndex(std::vector<std::string> names);
    std::vector<uint32_t> search(std::string_view query) const;  // matching rows, in order
    size_t size() const { return names_.size(); }
    const std::string& name(size_t row) const { return names_[row]; }

private:
    std::vector<std::string> names_;
    std::vector<uint16_t> ids_;           // every name's characters as syllables or letters
    std::vector<uint32_t> starts_;        // name r spans ids_[starts_[r], starts_[r + 1])
    std::vector<uint32_t> first_letters_; // per name: bit (c - 'a') set when a character starts with c
    std::vector<uint32_t> all_letters_;   // per name: bit (c - 'a') set when c occurs in its pinyin
};

std::string name_initials(std::string_view utf8_name);  // 张三 -> "zs"
std::string name_pinyin(std::string_view utf8_name);    // 张三 -> "zhang san"

}  // namespace gy
