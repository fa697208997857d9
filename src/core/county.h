// county.h — a synthetic county of the size the design names, for benchmarks and demos.
//
// Hengnan's figures: 23 townships, 445 villages, 200+ campuses, 3,267
// classes, 8,800 teachers, 123,000 students; plus a guardian per student, the
// special-group children (about one in six) surveyed, paired with helpers and
// visited (40,000 visits). Names come from SyntheticPeople (rare characters
// included), ID numbers are valid GB 11643 numbers of Hengnan (430422), dates
// fall in the current school year. Rows go straight into the ledger as a
// snapshot would, with no history. Deterministic for a seed.
// Depends on: ledger.h, synthetic.h, id_number.h.
#pragma once

#include "ledger.h"

#include <cstdint>

namespace gy {

struct CountyShape {
    int townships = 23;
    int villages = 445;
    int campuses = 207;  // one joint school per township, a central school and its campuses
    int classes = 3267;
    int teachers = 8800;
    int students = 123000;
    int visits = 40000;
    int helpers = 6000;

    static CountyShape scaled(double factor);  // a smaller county for tests
};

// The records' IDs name this device, which no real device is (theirs are odd),
// so every device that generates the same county holds the same records — as
// devices that started from one snapshot — and their edits sync on top.
inline constexpr uint32_t kSampleCountyDevice = 0xC0C0C0;

void generate_county(Ledger& ledger, const CountyShape& shape, uint64_t seed, const Date& today);

}  // namespace gy
