#include "pinyin.h"

#include <cstdint>
#include <vector>

namespace gy {

#include "pinyin_data.inc"

// [SECTION] Readings

// Surnames whose reading differs from the character's most common one.
static constexpr struct {
    char32_t codepoint;
    const char* letters;
    int tone;
} kSurnames[] = {
    {U'单', "shan", 4}, {U'曾', "zeng", 1}, {U'解', "xie", 4}, {U'仇', "qiu", 2}, {U'区', "ou", 1},
    {U'朴', "piao", 2}, {U'查', "zha", 1},  {U'盖', "ge", 3},  {U'乐', "yue", 4}, {U'缪', "miao", 4},
    {U'翟', "zhai", 2}, {U'覃', "qin", 2},  {U'召', "shao", 4}, {U'种', "chong", 2}, {U'繁', "po", 2},
    {U'折', "she", 2},  {U'员', "yun", 4},  {U'阚', "kan", 4},
    {U'长', "chang", 2}, {U'重', "chong", 2}, {U'秘', "bi", 4}, {U'黑', "he", 4}, {U'过', "guo", 1},
};

std::optional<Syllable> pinyin_of(char32_t cp) {
    uint16_t v = 0;
    if (cp >= kUroFirst && cp <= kUroLast) v = kUro[cp - kUroFirst];
    else if (cp >= kExtAFirst && cp <= kExtALast) v = kExtA[cp - kExtAFirst];
    else if (cp >= kExtBFirst && cp <= kExtBLast) v = kExtB[cp - kExtBFirst];
    if (v == 0) return std::nullopt;
    return Syllable{kSyllables[v / 8 - 1], v % 8};
}

static std::optional<Syllable> surname_reading(char32_t cp) {
    for (const auto& s : kSurnames)
        if (s.codepoint == cp) return Syllable{s.letters, s.tone};
    return pinyin_of(cp);
}

// [SECTION] UTF-8

static std::vector<char32_t> decode(std::string_view s) {
    std::vector<char32_t> out;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        char32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
        for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

struct NameChar {
    char32_t codepoint;
    std::optional<Syllable> reading;
};

static std::vector<NameChar> read_name(std::string_view name) {
    std::vector<NameChar> chars;
    for (char32_t cp : decode(name)) {
        if (cp == U' ' || cp == U'·' || cp == U'\u3000') continue;  // spaces and the dot in minority names
        chars.push_back({cp, chars.empty() ? surname_reading(cp) : pinyin_of(cp)});
    }
    return chars;
}

static char32_t fold_ascii(char32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

// [SECTION] Sorting

std::string name_sort_key(std::string_view name) {
    // Character by character, as dictionaries and ICU do (so one surname's
    // names stay together): the syllable with ü as u (lu < lü < luo), a
    // separator below every letter, ü and the tone, then the code point, so
    // that different characters of one reading never tie.
    std::string key;
    for (const NameChar& c : read_name(name)) {
        if (c.reading) {
            bool umlaut = false;
            for (char letter : c.reading->letters) {
                umlaut |= letter == 'v';
                key += letter == 'v' ? 'u' : letter;
            }
            key += '\x01';
            key += umlaut ? '1' : '0';
            key += static_cast<char>('0' + c.reading->tone);
        } else {
            key += '\x01';  // digits, Latin and symbols before Han
            key += static_cast<char>(fold_ascii(c.codepoint) < 0x80 ? fold_ascii(c.codepoint) : 0x7F);
        }
        key += static_cast<char>(0x80 | ((c.codepoint >> 14) & 0x7F));
        key += static_cast<char>(0x80 | ((c.codepoint >> 7) & 0x7F));
        key += static_cast<char>(0x80 | (c.codepoint & 0x7F));
    }
    return key;
}

int compare_names(std::string_view a, std::string_view b) {
    const std::string ka = name_sort_key(a), kb = name_sort_key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
}

// [SECTION] Search

static std::string normalize_query(std::string_view query) {
    std::string q;
    for (char c : query) {
        if (c == ' ' || c == '\'') continue;
        q += static_cast<char>(fold_ascii(static_cast<unsigned char>(c)));
    }
    return q;
}

static bool is_ascii_letters(std::string_view q) {
    for (char c : q)
        if (c < 'a' || c > 'z') return false;
    return !q.empty();
}

// Can chars[i..] spell q[j..], each character giving a non-empty prefix of its
// syllable (its initial, "zh", or all of it) and the query ending anywhere?
static bool spells(const std::vector<NameChar>& chars, size_t i, std::string_view q, size_t j,
                   std::vector<signed char>& memo) {
    if (j == q.size()) return true;
    if (i == chars.size()) return false;
    signed char& m = memo[i * (q.size() + 1) + j];
    if (m >= 0) return m;
    bool ok = false;
    if (const auto& r = chars[i].reading) {
        const std::string_view letters = r->letters;
        for (size_t n = 1; n <= letters.size() && j + n <= q.size() && !ok; ++n) {
            if (letters[n - 1] != q[j + n - 1]) break;
            ok = spells(chars, i + 1, q, j + n, memo);
        }
    } else if (fold_ascii(chars[i].codepoint) == static_cast<unsigned char>(q[j])) {
        ok = spells(chars, i + 1, q, j + 1, memo);
    }
    m = ok;
    return ok;
}

bool name_matches(std::string_view name, std::string_view query) {
    const std::string q = normalize_query(query);
    if (q.empty()) return true;
    if (!is_ascii_letters(q)) return name.find(query) != std::string_view::npos;  // typed in Chinese
    const std::vector<NameChar> chars = read_name(name);
    std::vector<signed char> memo(chars.size() * (q.size() + 1), -1);
    for (size_t start = 0; start < chars.size(); ++start)
        if (spells(chars, start, q, 0, memo)) return true;
    return false;
}

std::string name_initials(std::string_view name) {
    std::string out;
    for (const NameChar& c : read_name(name))
        if (c.reading) out += c.reading->letters[0];
    return out;
}

std::string name_pinyin(std::string_view name) {
    std::string out;
    for (const NameChar& c : read_name(name)) {
        if (!c.reading) continue;
        if (!out.empty()) out += ' ';
        out.append(c.reading->letters);
    }
    return out;
}

}  // namespace gy
