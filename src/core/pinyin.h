// pinyin.h — Chinese names the way Chinese users sort and search them.
//
// Readings come from Unihan's kMandarin field (Debian's unicode-data), turned
// into a table at build time (tools/gen_pinyin.mjs), so the browser and the
// native build sort and match identically. A name's first character takes its
// surname reading where that differs (单 shàn, 曾 zēng, 解 xiè …).
//
// Extension B (42,720 code points, a few of them in names: 𠮷) is 27 KB of
// the browser's download, so the browser does not carry it on the first
// visit: the first time a name needs one of its readings, pinyin asks for it
// (see below), and until it arrives such a character has no reading, as an
// unknown character has none. Native builds have it built in.
// Depends on: nothing but the standard library (and the generated table).
#pragma once

#include <functional>
#include <optional>
#include <span>
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

// [SECTION] Extension B readings, on demand

inline constexpr size_t kExtensionBSize = 0x2A6DF - 0x20000 + 1;  // U+20000 … U+2A6DF

// The table itself, as built into native builds and the browser's files module (pinyin_ext_b.cpp).
std::span<const uint16_t> extension_b_table();
// Called once, the first time a reading is looked up while the table is missing: fetch it, then install it.
void ask_for_extension_b_with(std::function<void()> ask);
// A name that will be sorted and searched (a store loading): one with a character of Extension B asks
// for the table now, so it may come before the first sort instead of making every view build again.
void expect_name(std::string_view utf8_name);
// False (nothing changes) unless the table has kExtensionBSize entries. Names read before it came keep
// their sort keys and indexes: rebuild them (Ledger::mark_all_changed()).
bool install_extension_b(std::vector<uint16_t> table);
// The fetch failed: the next lookup asks again.
void extension_b_still_missing();
bool extension_b_installed();
void forget_extension_b();  // tests: the browser's state before the table came

}  // namespace gy
