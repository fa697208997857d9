#include "id_number.h"

namespace gy {

char id_check_character(std::string_view first17) {
    static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (first17[static_cast<size_t>(i)] - '0') * kWeights[i];
    return kCheck[sum % 11];
}

// Province-level codes in use (GB/T 2260): the first two digits.
static bool is_known_province(int code) {
    static constexpr int kProvinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                         43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
    for (int p : kProvinces)
        if (p == code) return true;
    return false;
}

static int digits(std::string_view s, size_t from, size_t count) {
    int v = 0;
    for (size_t i = from; i < from + count; ++i) v = v * 10 + (s[i] - '0');
    return v;
}

IdCheck check_id_number(std::string_view text, const Date& today) {
    IdCheck r;
    for (char c : text)
        if (c != ' ' && c != '\t') r.normalized += c == 'x' ? 'X' : c;
    const std::string& id = r.normalized;
    if (id.empty()) return r.problem = IdProblem::Empty, r;
    if (id.size() != 18) return r.problem = IdProblem::Length, r;
    for (size_t i = 0; i < 18; ++i) {
        const bool digit = id[i] >= '0' && id[i] <= '9';
        if (!digit && !(i == 17 && id[i] == 'X')) return r.problem = IdProblem::Characters, r;
    }
    if (!is_known_province(digits(id, 0, 2)))
        return r.problem = IdProblem::Region, r;
    r.birth = Date{digits(id, 6, 4), digits(id, 10, 2), digits(id, 12, 2)};
    if (!is_valid_date(r.birth)) return r.problem = IdProblem::BirthDate, r;
    if (r.birth > today) return r.problem = IdProblem::FutureBirth, r;
    r.male = (id[16] - '0') % 2 == 1;
    r.expected_check = id_check_character(id);
    if (r.expected_check != id[17]) return r.problem = IdProblem::CheckDigit, r;
    return r;
}

std::string mask_id_number(std::string_view id) {
    if (id.size() <= 10) return std::string(id.size(), '*');
    return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') + std::string(id.substr(id.size() - 4));
}

}  // namespace gy
