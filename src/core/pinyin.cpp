#include "pinyin.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
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

static_assert(kExtensionBSize == kExtBLast - kExtBFirst + 1);

// GONGYU_BUILTIN_EXT_B: this build links pinyin_ext_b.cpp into the core (native); the browser asks for it.
#ifdef GONGYU_BUILTIN_EXT_B
static std::span<const uint16_t> g_ext_b = extension_b_table();
#else
static std::span<const uint16_t> g_ext_b;
#endif
static std::vector<uint16_t> g_ext_b_installed;
static std::function<void()> g_ask_for_ext_b;
static bool g_ext_b_asked = false;

void ask_for_extension_b_with(std::function<void()> ask) { g_ask_for_ext_b = std::move(ask); }
void extension_b_still_missing() { g_ext_b_asked = false; }
bool extension_b_installed() { return !g_ext_b.empty(); }
void forget_extension_b() { g_ext_b = {}, g_ext_b_asked = false; }

bool install_extension_b(std::vector<uint16_t> table) {
    if (table.size() != kExtensionBSize) return false;
    g_ext_b_installed = std::move(table);
    g_ext_b = g_ext_b_installed;
    return true;
}

static uint16_t extension_b_reading(char32_t cp) {
    if (g_ext_b.empty()) {
        if (!g_ext_b_asked && g_ask_for_ext_b) g_ext_b_asked = true, g_ask_for_ext_b();
        return 0;
    }
    return g_ext_b[cp - kExtBFirst];
}

std::optional<Syllable> pinyin_of(char32_t cp) {
    uint16_t v = 0;
    if (cp >= kUroFirst && cp <= kUroLast) v = kUro[cp - kUroFirst];
    else if (cp >= kExtAFirst && cp <= kExtALast) v = kExtA[cp - kExtAFirst];
    else if (cp >= kExtBFirst && cp <= kExtBLast) v = extension_b_reading(cp);
    if (v == 0) return std::nullopt;
    return Syllable{kSyllables[v / 8 - 1], v % 8};
}

const std::vector<char32_t>& standard_characters() {
    static const std::vector<char32_t> chars = [] {
        std::vector<char32_t> out;
        for (char32_t cp = kUroFirst; cp <= kUroLast; ++cp)
            if (kStandardUro[(cp - kUroFirst) >> 5] & (1u << ((cp - kUroFirst) & 31))) out.push_back(cp);
        return out;
    }();
    return chars;
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

void expect_name(std::string_view utf8_name) {
    if (!g_ext_b.empty() || g_ext_b_asked || utf8_name.find('\xF0') == std::string_view::npos) return;  // F0: U+10000 … U+3FFFF
    for (char32_t cp : decode(utf8_name))
        if (cp >= kExtBFirst && cp <= kExtBLast) return void(extension_b_reading(cp));
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

// [SECTION] Spellings: what a character can be typed as, in 16 bits

using SpellId = uint16_t;
static constexpr SpellId kNoLetters = 0xFFFF, kAsciiBase = 0x8000;

static SpellId spell_id(const NameChar& c) {
    if (c.reading) {  // the letters point into kSyllables
        const auto* at = std::lower_bound(std::begin(kSyllables), std::end(kSyllables), c.reading->letters,
                                          [](const char* a, std::string_view b) { return std::string_view(a) < b; });
        return static_cast<SpellId>(at - std::begin(kSyllables));
    }
    const char32_t f = fold_ascii(c.codepoint);
    return f < 0x80 ? static_cast<SpellId>(kAsciiBase + f) : kNoLetters;
}

static std::string_view spell_letters(SpellId id) {
    static const std::string ascii = [] {
        std::string a(128, ' ');
        for (int i = 0; i < 128; ++i) a[static_cast<size_t>(i)] = static_cast<char>(i);
        return a;
    }();
    if (id == kNoLetters) return {};
    if (id >= kAsciiBase) return std::string_view(ascii).substr(id - kAsciiBase, 1);
    return kSyllables[id];
}

static void append_spelling(std::string_view name, std::vector<SpellId>& out) {
    for (const NameChar& c : read_name(name)) out.push_back(spell_id(c));
}

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

// Can ids[i..] spell q[j..], each character giving a non-empty prefix of its
// syllable (its initial, "zh", or all of it) and the query ending anywhere?
static bool spells(const SpellId* ids, size_t n, size_t i, std::string_view q, size_t j, signed char* memo) {
    if (j == q.size()) return true;
    if (i == n) return false;
    signed char& m = memo[i * (q.size() + 1) + j];
    if (m >= 0) return m;
    bool ok = false;
    const std::string_view letters = spell_letters(ids[i]);
    for (size_t k = 1; k <= letters.size() && j + k <= q.size() && !ok; ++k) {
        if (letters[k - 1] != q[j + k - 1]) break;
        ok = spells(ids, n, i + 1, q, j + k, memo);
    }
    m = ok;
    return ok;
}

// The query may start at any character of the name.
static bool spells_anywhere(const SpellId* ids, size_t n, std::string_view q) {
    signed char small[512];
    std::vector<signed char> large;
    signed char* memo = small;
    const size_t cells = n * (q.size() + 1);
    if (cells > sizeof small) {
        large.resize(cells);
        memo = large.data();
    }
    std::fill(memo, memo + cells, static_cast<signed char>(-1));
    for (size_t start = 0; start < n; ++start)
        if (spells(ids, n, start, q, 0, memo)) return true;
    return false;
}

bool name_matches(std::string_view name, std::string_view query) {
    const std::string q = normalize_query(query);
    if (q.empty()) return true;
    if (!is_ascii_letters(q)) return name.find(query) != std::string_view::npos;  // typed in Chinese
    std::vector<SpellId> ids;
    append_spelling(name, ids);
    return spells_anywhere(ids.data(), ids.size(), q);
}

// [SECTION] NameIndex

static uint32_t letter_bit(char c) { return c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 0; }

static uint32_t letter_mask(std::string_view letters) {
    uint32_t mask = 0;
    for (char c : letters) mask |= letter_bit(c);
    return mask;
}

NameIndex::NameIndex(std::vector<std::string> names) : names_(std::move(names)) {
    starts_.reserve(names_.size() + 1);
    first_letters_.reserve(names_.size());
    all_letters_.reserve(names_.size());
    for (const std::string& name : names_) {
        starts_.push_back(static_cast<uint32_t>(ids_.size()));
        append_spelling(name, ids_);
        uint32_t first = 0, all = 0;
        for (size_t k = starts_.back(); k < ids_.size(); ++k) {
            const std::string_view letters = spell_letters(ids_[k]);
            first |= letters.empty() ? 0 : letter_bit(letters[0]);
            all |= letter_mask(letters);
        }
        first_letters_.push_back(first);
        all_letters_.push_back(all);
    }
    starts_.push_back(static_cast<uint32_t>(ids_.size()));
}

std::vector<uint32_t> NameIndex::search(std::string_view query) const {
    std::vector<uint32_t> rows;
    const std::string q = normalize_query(query);
    if (q.empty() || !is_ascii_letters(q)) {
        for (uint32_t r = 0; r < names_.size(); ++r)
            if (q.empty() || names_[r].find(query) != std::string::npos) rows.push_back(r);
        return rows;
    }
    // Cheap necessary conditions first: some character starts with the query's
    // first letter, and every letter of the query occurs in the name's pinyin.
    const uint32_t first = letter_bit(q[0]), all = letter_mask(q);
    for (uint32_t r = 0; r < names_.size(); ++r) {
        if (!(first_letters_[r] & first) || (all_letters_[r] & all) != all) continue;
        if (spells_anywhere(&ids_[starts_[r]], starts_[r + 1] - starts_[r], q)) rows.push_back(r);
    }
    return rows;
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
