#include "core/id_number.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

const Date kToday{2026, 11, 23};

// Builds a valid number from its first 17 digits.
std::string with_check(const std::string& first17) { return first17 + id_check_character(first17); }

TEST(IdNumber, TheStandardsWorkedExampleIsValid) {
    // GB 11643-1999's own example: 11010519491231002X.
    IdCheck r = check_id_number("11010519491231002X", kToday);
    EXPECT_EQ(r.problem, IdProblem::None);
    EXPECT_EQ(r.birth, (Date{1949, 12, 31}));
    EXPECT_FALSE(r.male);  // sequence 002: even
}

TEST(IdNumber, AcceptsLowerCaseXAndSpaces) {
    IdCheck r = check_id_number(" 110105 19491231 002x ", kToday);
    EXPECT_EQ(r.problem, IdProblem::None);
    EXPECT_EQ(r.normalized, "11010519491231002X");
}

TEST(IdNumber, AHunanChild) {
    const std::string id = with_check("43042220150607123");
    IdCheck r = check_id_number(id, kToday);
    EXPECT_EQ(r.problem, IdProblem::None);
    EXPECT_TRUE(r.male);
    EXPECT_EQ(r.birth, (Date{2015, 6, 7}));
}

TEST(IdNumber, SaysWhichPartIsWrong) {
    EXPECT_EQ(check_id_number("", kToday).problem, IdProblem::Empty);
    EXPECT_EQ(check_id_number("43042220150607123", kToday).problem, IdProblem::Length);
    EXPECT_EQ(check_id_number("4304222015060712A3", kToday).problem, IdProblem::Characters);
    EXPECT_EQ(check_id_number("X30422201506071234", kToday).problem, IdProblem::Characters);
    EXPECT_EQ(check_id_number(with_check("99042220150607123"), kToday).problem, IdProblem::Region);
    EXPECT_EQ(check_id_number(with_check("43042220150230123"), kToday).problem, IdProblem::BirthDate);
    EXPECT_EQ(check_id_number(with_check("43042220270101123"), kToday).problem, IdProblem::FutureBirth);
    std::string bad = with_check("43042220150607123");
    bad[17] = bad[17] == '1' ? '2' : '1';
    IdCheck r = check_id_number(bad, kToday);
    EXPECT_EQ(r.problem, IdProblem::CheckDigit);
    EXPECT_EQ(r.expected_check, id_check_character("43042220150607123"));
}

TEST(IdNumber, EverySingleDigitTypoIsCaught) {
    const std::string id = with_check("43042220150607123");
    for (size_t i = 0; i < 17; ++i)
        for (char d = '0'; d <= '9'; ++d) {
            if (d == id[i]) continue;
            std::string typo = id;
            typo[i] = d;
            EXPECT_NE(check_id_number(typo, kToday).problem, IdProblem::None) << typo;
        }
}

TEST(IdNumber, MaskedByDefault) {
    EXPECT_EQ(mask_id_number("430422201506071234"), "430422********1234");
    EXPECT_EQ(mask_id_number("12345"), "*****");
}

}  // namespace
}  // namespace gy
