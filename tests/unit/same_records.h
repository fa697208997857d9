// same_records.h — a test check: two ledgers hold the same records, field by field.
// Depends on: core/ledger.h, GoogleTest.
#pragma once

#include "core/ledger.h"

#include <gtest/gtest.h>

namespace gy {

inline void expect_same_records(const Ledger& a, const Ledger& b) {
    for (const KindDef& k : all_kinds()) {
        ASSERT_EQ(a.records(k.kind).size(), b.records(k.kind).size()) << k.key;
        for (const Record& r : a.records(k.kind)) {
            const Record* other = b.find(r.id);
            ASSERT_NE(other, nullptr) << r.id.text();
            EXPECT_EQ(other->values, r.values) << r.id.text();
            EXPECT_EQ(other->deleted, r.deleted) << r.id.text();
            EXPECT_EQ(other->stamps.size(), r.stamps.size()) << r.id.text();
        }
    }
}

}  // namespace gy
