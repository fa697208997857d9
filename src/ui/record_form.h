// record_form.h — one record's form, built from its kind's schema, keyboard first.
//
// Every kind (student, guardian, pair, visit, survey, class …) is edited with
// the same form: text fields, choices as combos, categories as checkboxes,
// references as searchable pickers (pinyin works there too). Tab moves to the
// next field, Enter saves, Esc cancels; refused values are marked in Chinese
// under their field and nothing is saved. Saving goes through
// LocalState::commit. Existing records show their change history; a student's
// form prints the child's 一生一档 (core/print.h). On a joint school's or a
// helper's device, a record the role may not change opens read-only (the
// clerk's devices would take such a change back: core/scopes.h).
// The household survey (入户摸底) is the same form laid out in the sections of
// a paper survey, labels beside fields on wide screens, and filled in from the
// child's registry entry once the child is chosen (core/survey.h), with its
// household photos (photo_shelf.h) at the end. A visit's
// form lists the needs it raised, each with 转为需求单 (core/requests.h).
// Those parts live in survey_form.cpp.
// Depends on: Dear ImGui, core (local_state), platform.h.
#pragma once

#include "core/local_state.h"
#include "core/print.h"
#include "platform/platform.h"

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gy::ui {

class RecordForm {
public:
    RecordForm(LocalState& local, Platform& platform) : local_(local), platform_(platform) {}

    // scope: where the user is in the tree; references default to it and pickers offer what is under it.
    void open_edit(RecordId id, RecordId scope);
    void open_new(Kind kind, RecordId scope, const std::vector<std::pair<const char*, std::string>>& preset = {});
    bool is_open() const { return form_.open; }
    void draw();  // closes the form itself on save or cancel

private:
    struct Form {
        bool open = false;
        bool focus_first = false;
        RecordId id;
        bool is_new = false;
        std::vector<std::string> values;              // as typed
        std::vector<std::string> problems;            // per field, in Chinese; "" when fine
        std::unordered_map<int, std::string> filters; // reference pickers' filter text
        RecordId filled_from;                         // the child a new survey was last filled from
        bool read_only = false;                       // this device's role may not change it (core/scopes.h)
        std::vector<PhotoRef> added_photos;           // taken in this form: let go unless saved in it
        uint64_t number = 0;                          // which opening of a form this is (photos join their own form)
    };

    bool commit_form();  // true when saved (or nothing to save); problems marked otherwise
    void draw_fields();
    void draw_sections();              // survey_form.cpp
    void fill_survey_from_child();     // survey_form.cpp
    void draw_visit_needs();           // survey_form.cpp
    void convert_need(const std::string& need);  // survey_form.cpp
    void draw_choices(const FieldDef& def, std::string& value, const std::string& test_id);
    void draw_field(int field);
    void draw_reference_picker(int field);
    void draw_history();
    void save_form();
    void close_form();
    void settle_photos(bool saved);
    void print_child();
    void print_child_with(const PhotoBytes& photos);
    RecordId default_parent(Kind kind) const;
    bool role_may_write(Kind kind) const;

    LocalState& local_;
    Platform& platform_;
    RecordId scope_;
    Form form_;
    std::string message_;
    float label_width_ = 0;  // > 0: labels beside their fields (sectioned forms on wide screens)
};

}  // namespace gy::ui
