// schema.h — what the co-education ledger holds: kinds of record and their fields.
//
// County → township → joint school (校联体) → campus (校区/教学点) → class;
// villages; teachers; students with guardians; helpers (teacher, party
// member, cadre, volunteer, Women's Federation); pairs, surveys, visits and
// requests (需求单: a need someone raised, followed until solved).
// Every record is a row of text values in its kind's field order; each value
// is in one canonical spelling (dates 2026-11-23, choices as codes, references
// as record IDs), so validation, import, export, forms, tables and change
// records all work from this one table. Field keys never change once
// shipped: they are in files and change records. The Chinese names of fields
// and choices live here too, because they are also Excel column headers and
// import vocabulary.
// Depends on: nothing but the standard library.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gy {

enum class Kind : uint8_t {
    Township, Village, School, Campus, Class, Teacher, Student, Guardian, Helper, Category, Pair, Visit, Survey, Request, Count
};
inline constexpr int kKindCount = static_cast<int>(Kind::Count);

enum class FieldType : uint8_t {
    Text,      // one line
    LongText,  // several lines (findings, household situation)
    Name,      // a person's name: sorted and searched by pinyin
    IdNumber,  // resident ID (GB 11643)
    Phone,     // mainland mobile or landline
    Date,      // 2026-11-23
    Number,    // whole number within [min, max]
    Choice,    // one code of the field's choices
    Choices,   // several codes, separated by spaces (categories may also be Category record IDs)
    Ref,       // a record ID of ref_kind
    Photos,    // photo references (photos.h), separated by spaces: files beside the ledger
};

struct ChoiceDef {
    const char* code;   // stable: "left_behind"
    const char* label;  // 留守
};

struct FieldDef {
    const char* key;    // stable: "birth_date"
    const char* label;  // 出生日期
    FieldType type;
    bool required = false;
    Kind ref_kind = Kind::Count;     // for Ref
    std::span<const ChoiceDef> choices = {};  // for Choice and Choices
    int min = 0, max = 0;            // for Number; max characters for text (0: default)
    const char* fallback = "";       // value a new record starts with
};

struct KindDef {
    Kind kind;
    const char* key;     // "student": in files and record IDs
    const char* label;   // 学生
    std::span<const FieldDef> fields;
    int title_field = 0;  // what names a record in lists and history
};

const KindDef& kind_def(Kind kind);
std::span<const KindDef> all_kinds();
std::optional<Kind> kind_from_key(std::string_view key);
// The reference that places a record in the tree (a student's class, a class's
// campus, a visit's student …), or -1 for the top (townships).
int parent_field(Kind kind);
int field_index(Kind kind, std::string_view key);  // -1 when the kind has no such field
int id_number_field(Kind kind);                    // the kind's resident ID field, or -1
const FieldDef& field_def(Kind kind, int field);
const ChoiceDef* find_choice(const FieldDef& field, std::string_view code_or_label);
const char* choice_label(const FieldDef& field, std::string_view code);  // the code itself when unknown

// Stable unique record IDs, made on any device without asking a server:
// kind (8 bits) | device (24 bits) | counter on that device (32 bits).
// Written "student.3fa2c1.1b" in files and change records.
struct RecordId {
    uint64_t bits = 0;

    static RecordId make(Kind kind, uint32_t device, uint32_t counter);
    static std::optional<RecordId> parse(std::string_view text);
    Kind kind() const { return static_cast<Kind>(bits >> 56); }
    uint32_t device() const { return static_cast<uint32_t>(bits >> 32) & 0xFFFFFF; }
    uint32_t counter() const { return static_cast<uint32_t>(bits); }
    bool valid() const { return bits != 0; }
    std::string text() const;
    auto operator<=>(const RecordId&) const = default;
};

// Built-in special-group categories; a township may add its own (Kind::Category).
std::span<const ChoiceDef> builtin_categories();
// Kinds of need (学习, 生活, 心理 …): a survey's needs and a request's kind.
std::span<const ChoiceDef> need_kinds();

}  // namespace gy
