// print.cpp — the 家校共育台账 and 一生一档 documents (print.h).
//
// Index:
//   [SECTION] Escaping and small pieces
//   [SECTION] The page: style, margins, running header and page numbers
//   [SECTION] The ledger of a place
//   [SECTION] One child's file
#include "print.h"

#include "export.h"
#include "followup.h"
#include "photos.h"
#include "pinyin.h"
#include "query.h"
#include "text.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <tuple>
#include <unordered_map>

namespace gy {

// [SECTION] Escaping and small pieces

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

// Long text (findings, household situation) keeps its line breaks on paper.
static std::string html_lines(std::string_view text) {
    std::string out;
    for (size_t at = 0; at <= text.size();) {
        const size_t end = std::min(text.find('\n', at), text.size());
        std::string_view line = text.substr(at, end - at);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out += (at ? "<br>" : "") + html_escape(line);
        at = end + 1;
    }
    return out;
}

std::string css_string(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        const bool plain = c >= 0x80 || c == ' ' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (plain) {
            out += static_cast<char>(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\%x ", c);  // the space ends the escape and is not shown
            out += hex;
        }
    }
    return out + "\"";
}

// pattern with each "%s" replaced by the next argument.
static std::string fill(const char* pattern, std::initializer_list<std::string_view> args) {
    std::string out;
    const std::string_view p = pattern;
    auto arg = args.begin();
    for (size_t at = 0; at < p.size();) {
        const size_t mark = p.find("%s", at);
        if (mark == std::string_view::npos || arg == args.end()) {
            out += p.substr(at);
            break;
        }
        out += p.substr(at, mark - at);
        out += *arg++;
        at = mark + 2;
    }
    return out;
}

static std::string shown(const Ledger& ledger, const Record& r, int field) {
    // Tables mask ID numbers for every role; so does paper.
    return readable_value(ledger, field_def(r.id.kind(), field), r.value(field), false);
}

static std::string shown(const Ledger& ledger, const Record& r, const char* key) { return shown(ledger, r, field_index(r.id.kind(), key)); }

static RecordId ref_of(const Record& r, const char* key) {
    return RecordId::parse(r.value(field_index(r.id.kind(), key))).value_or(RecordId{});
}

std::string place_full_name(const Ledger& ledger, RecordId place) {
    std::string out;
    for (RecordId at = place; at.valid() && at.kind() != Kind::Township;) {
        const Record* r = ledger.find(at);
        if (!r) break;
        out = ledger.title(at) + (out.empty() ? "" : " " + out);
        const int up = parent_field(at.kind());
        at = up < 0 ? RecordId{} : RecordId::parse(r->value(up)).value_or(RecordId{});
    }
    return out;
}

static void cell(std::string& out, const std::string& html, const char* cls = nullptr) {
    out += cls ? std::string("<td class=\"") + cls + "\">" : std::string("<td>");
    out += html;
    out += "</td>";
}

// [SECTION] The page: style, margins, running header and page numbers

// "第 %s 页 共 %s 页" as the content of a margin box: the page counters where the values go.
static std::string page_numbers_css(const char* pattern) {
    std::string out;
    const std::string_view p = pattern;
    const char* counters[] = {" counter(page) ", " counter(pages) "};
    size_t at = 0;
    for (const char* counter : counters) {
        const size_t mark = p.find("%s", at);
        if (mark == std::string_view::npos) break;
        out += css_string(p.substr(at, mark - at)) + counter;
        at = mark + 2;
    }
    return out + css_string(p.substr(std::min(at, p.size())));
}

static constexpr const char* kFonts = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \"PingFang SC\", SimSun, sans-serif";

// Everything up to <body>'s first content: the page rules carry the running header
// (running: the place; right: the date printed) and the page numbers.
static std::string document_start(const std::string& title, const std::string& running, const Date& today, bool landscape,
                                  const PrintWords& w) {
    const std::string box = std::string("font-family: ") + kFonts + "; font-size: 9pt; color: #333;";
    std::string out = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>" + html_escape(title) + "</title>\n<style>\n";
    out += std::string("@page { size: A4") + (landscape ? " landscape" : "") + "; margin: 16mm 12mm 15mm 12mm;\n";
    out += "  @top-left { content: " + css_string(running) + "; " + box + " }\n";
    out += "  @top-right { content: " + css_string(fill(w.printed_on, {format_date_chinese(today)})) + "; " + box + " }\n";
    out += "  @bottom-center { content: " + page_numbers_css(w.page_of) + "; " + box + " }\n}\n";
    out += std::string("html { font-family: ") + kFonts + "; font-size: 10pt; color: #000; background: #fff;"
           " -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
           "body { margin: 0; }\n"
           "h1 { font-size: 17pt; text-align: center; margin: 0 0 1mm; letter-spacing: 0.1em; }\n"
           ".place { font-size: 12pt; text-align: center; margin: 0 0 1mm; }\n"
           ".facts { text-align: center; margin: 0 0 4mm; color: #333; }\n"
           "h2 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }\n"
           "table { width: 100%; border-collapse: collapse; table-layout: fixed; }\n"
           "thead { display: table-header-group; }\n"
           "tr { break-inside: avoid; }\n"
           "th, td { border: 0.5pt solid #555; padding: 1mm 1.4mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }\n"
           "th { background: #ececec; font-weight: bold; }\n"
           "table.list { table-layout: auto; }\n"  // a child's lists: long findings get the room, dates do not wrap
           "td.n { text-align: right; }\n"
           "td.none { color: #666; }\n"
           "h3 { font-size: 10.5pt; margin: 3mm 0 1.5mm; break-after: avoid; }\n"
           ".photos { display: flex; flex-wrap: wrap; gap: 3mm; }\n"
           ".photos img { width: calc(50% - 1.5mm); height: auto; max-height: 100mm; object-fit: contain; break-inside: avoid; border: 0.5pt solid #555; }\n"
           ".missing { color: #666; }\n"
           ".toolbar { position: sticky; top: 0; text-align: right; padding: 8px 0; background: #fff; }\n"
           ".toolbar button { font: inherit; font-size: 12pt; padding: 4px 18px; }\n"
           "@media screen { body { max-width: " + std::string(landscape ? "273mm" : "186mm") + "; margin: 0 auto 24px; padding: 0 12px; } }\n"
           "@media print { .toolbar { display: none; } }\n"
           "</style>\n"
           // The only script: the platform asks for the print dialog by opening the page at #print.
           "<script>if (location.hash === \"#print\") addEventListener(\"load\", function () { print(); });</script>\n"
           "</head><body>\n";
    out += "<div class=\"toolbar\"><button type=\"button\" onclick=\"print()\">" + html_escape(w.print_button) + "</button></div>\n";
    return out;
}

static std::string semester_text(const Date& today, const PrintWords& w) {
    const Semester term = semester_of(today);
    return fill(w.semester, {term.autumn ? w.autumn : w.spring, format_date_iso(term.first), format_date_iso(term.last)});
}

// [SECTION] The ledger of a place

namespace {

struct LedgerRow {
    const Record* student;
    size_t class_rank = 0;
    std::string name_key;
    std::string guardians, helpers, last_visit;
    int visits = 0;
};

}  // namespace

// Classes in the order a school lists them: by campus, grade, then name (pinyin).
static std::unordered_map<uint64_t, size_t> class_ranks(const Ledger& ledger, const std::vector<LedgerRow>& rows) {
    std::vector<RecordId> classes;
    std::unordered_map<uint64_t, size_t> rank;
    for (const LedgerRow& r : rows)
        if (RecordId c = ref_of(*r.student, "class"); rank.try_emplace(c.bits, 0).second) classes.push_back(c);
    auto key = [&](RecordId c) {
        const Record* k = ledger.find(c);
        const int grade = k ? std::atoi(k->value(field_index(Kind::Class, "grade")).c_str()) : 0;
        return std::make_tuple(name_sort_key(k ? ledger.title(ref_of(*k, "campus")) : ""), grade, name_sort_key(ledger.title(c)));
    };
    std::vector<std::tuple<std::string, int, std::string>> keys;
    for (RecordId c : classes) keys.push_back(key(c));
    std::vector<size_t> order(classes.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
    for (size_t i = 0; i < order.size(); ++i) rank[classes[order[i]].bits] = i;
    return rank;
}

// Guardians, active pairs and visits of the listed students, each kind read once.
static void gather_people_and_visits(const Ledger& ledger, std::vector<LedgerRow>& rows, const Date& today, const PrintWords& w) {
    std::unordered_map<uint64_t, size_t> at;
    for (size_t i = 0; i < rows.size(); ++i) at[rows[i].student->id.bits] = i;
    auto row_of = [&](const Record& r) -> LedgerRow* {
        if (r.deleted) return nullptr;
        auto it = at.find(ref_of(r, "student").bits);
        return it == at.end() ? nullptr : &rows[it->second];
    };
    for (const Record& g : ledger.records(Kind::Guardian)) {
        LedgerRow* row = row_of(g);
        if (!row) continue;
        const std::string line = fill(w.guardian, {shown(ledger, g, "name"), shown(ledger, g, "relation"), shown(ledger, g, "phone")});
        row->guardians += (row->guardians.empty() ? "" : "<br>") + html_escape(line);
    }
    for (const Record& p : ledger.records(Kind::Pair)) {
        LedgerRow* row = row_of(p);
        if (!row || !pair_active(p, today)) continue;
        row->helpers += (row->helpers.empty() ? "" : "、") + html_escape(shown(ledger, p, "helper"));
    }
    const Semester term = semester_of(today);
    const std::string first = format_date_iso(term.first), last = format_date_iso(term.last);
    for (const Record& v : ledger.records(Kind::Visit)) {
        LedgerRow* row = row_of(v);
        if (!row) continue;
        const std::string& date = v.value(field_index(Kind::Visit, "date"));
        row->visits += date >= first && date <= last;
        row->last_visit = std::max(row->last_visit, date);  // ISO dates compare as text
    }
}

Result<std::string> ledger_document(const Ledger& ledger, const LedgerPrint& what, const PrintWords& w) {
    const Kind kind = what.scope.kind();
    if (!ledger.exists(what.scope) || (kind != Kind::School && kind != Kind::Campus && kind != Kind::Class))
        return Error{ErrorCode::InvalidValue, "the scope is not a live joint school, campus or class: " + what.scope.text()};
    // One pass over the students, each class's place asked once: a TableView would build a
    // pinyin index of the whole county first (0.3 s) for one class's few dozen rows.
    std::vector<LedgerRow> rows;
    std::unordered_map<uint64_t, bool> class_inside;
    const int categories = field_index(Kind::Student, "categories"), name = field_index(Kind::Student, "name");
    for (const Record& s : ledger.records(Kind::Student)) {
        if (s.deleted || (!what.category.empty() && !has_word(s.value(categories), what.category))) continue;
        const RecordId klass = ref_of(s, "class");
        auto [inside, fresh] = class_inside.try_emplace(klass.bits, false);
        if (fresh) inside->second = TableView::is_under(ledger, klass, what.scope);
        if (inside->second) rows.push_back({&s, 0, name_sort_key(s.value(name)), {}, {}, {}, 0});
    }
    const std::unordered_map<uint64_t, size_t> ranks = class_ranks(ledger, rows);
    for (LedgerRow& r : rows) r.class_rank = ranks.at(ref_of(*r.student, "class").bits);
    std::sort(rows.begin(), rows.end(), [](const LedgerRow& a, const LedgerRow& b) {
        return std::tie(a.class_rank, a.name_key, a.student->id) < std::tie(b.class_rank, b.name_key, b.student->id);
    });
    gather_people_and_visits(ledger, rows, what.today, w);

    const std::string place = place_full_name(ledger, what.scope);
    std::string out = document_start(place + " " + w.ledger_title, place + "  " + w.ledger_title, what.today, what.landscape, w);
    out += "<h1>" + html_escape(w.ledger_title) + "</h1>\n<p class=\"place\">" + html_escape(place) + "</p>\n<p class=\"facts\">";
    out += html_escape(semester_text(what.today, w)) + "　" + html_escape(fill(w.count, {std::to_string(rows.size())}));
    if (!what.category.empty()) {
        const FieldDef& categories = field_def(Kind::Student, field_index(Kind::Student, "categories"));
        out += "　" + html_escape(fill(w.narrowed_to, {readable_value(ledger, categories, what.category, false)}));
    }
    out += "</p>\n<table class=\"ledger\">\n<colgroup>";
    // Per mille of the width, so that dates, phone numbers and the headers fit on one line.
    for (int width : {40, 75, 45, 85, 85, 110, 70, 195, 105, 105, 85}) out += "<col style=\"width: " + std::to_string(width / 10) + "." + std::to_string(width % 10) + "%\">";
    out += "</colgroup>\n<thead><tr>";
    auto header = [&](const std::string& label) { out += "<th>" + html_escape(label) + "</th>"; };
    header(w.col_number);
    for (const char* key : {"name", "sex", "birth_date", "class", "categories", "risk"}) header(field_def(Kind::Student, field_index(Kind::Student, key)).label);
    for (const char* label : {w.col_guardians, w.col_helpers, w.col_visits, w.col_last_visit}) header(label);
    out += "</tr></thead>\n<tbody>\n";
    const bool campus_shown = kind == Kind::School;  // a joint school's classes are named per campus
    for (size_t i = 0; i < rows.size(); ++i) {
        const LedgerRow& r = rows[i];
        const Record& s = *r.student;
        out += "<tr>";
        cell(out, std::to_string(i + 1), "n");
        for (const char* key : {"name", "sex", "birth_date"}) cell(out, html_escape(shown(ledger, s, key)));
        std::string klass = shown(ledger, s, "class");
        if (campus_shown)
            if (const Record* k = ledger.find(ref_of(s, "class"))) klass = ledger.title(ref_of(*k, "campus")) + " " + klass;
        cell(out, html_escape(klass));
        for (const char* key : {"categories", "risk"}) cell(out, html_escape(shown(ledger, s, key)));
        cell(out, r.guardians);
        cell(out, r.helpers);
        cell(out, std::to_string(r.visits), "n");
        cell(out, html_escape(r.last_visit));
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n</body></html>\n";
    return out;
}

// [SECTION] One child's file

namespace {

// A column of a section's table: a field of the record, or (via) of the record one of its references names.
struct Column {
    const char* key;
    const char* via = nullptr;
};

}  // namespace

static std::string column_label(Kind kind, const Column& c) {
    if (!c.via) return field_def(kind, field_index(kind, c.key)).label;
    const Kind target = field_def(kind, field_index(kind, c.via)).ref_kind;
    return field_def(target, field_index(target, c.key)).label;
}

// The records of one kind that belong to the child, oldest first, as one table.
static void section_table(std::string& out, const Ledger& ledger, const std::vector<const Record*>& records, Kind kind,
                          std::initializer_list<Column> columns, const PrintWords& w) {
    if (records.empty()) {
        out += "<table><tbody><tr><td class=\"none\">" + html_escape(w.none) + "</td></tr></tbody></table>\n";
        return;
    }
    out += "<table class=\"list\">\n<thead><tr>";
    for (const Column& c : columns) out += "<th>" + html_escape(column_label(kind, c)) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const Record* r : records) {
        out += "<tr>";
        for (const Column& c : columns) {
            const Record* from = c.via ? ledger.find(ref_of(*r, c.via)) : r;
            cell(out, from ? html_lines(shown(ledger, *from, c.key)) : std::string());
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
}

// Under the surveys, each one's photos (in the order taken) as data: URLs: the document stands alone.
static void survey_photos(std::string& out, const Ledger& ledger, const std::vector<const Record*>& surveys, const PhotoBytes& photos,
                          const PrintWords& w) {
    const int field = field_index(Kind::Survey, "photos");
    size_t missing = 0;
    for (const Record* survey : surveys) {
        std::string figures;
        for (const PhotoRef& ref : photo_refs(survey->value(field))) {
            auto jpeg = photos.find(ref.name);
            if (jpeg == photos.end()) ++missing;
            else figures += "<img alt=\"\" src=\"data:image/jpeg;base64," + base64_encode(jpeg->second) + "\">\n";
        }
        if (figures.empty()) continue;
        out += "<h3>" + html_escape(fill(w.photos, {shown(ledger, *survey, "date")})) + "</h3>\n<div class=\"photos\">\n" + figures + "</div>\n";
    }
    if (missing) out += "<p class=\"missing\">" + html_escape(fill(w.photos_missing, {std::to_string(missing)})) + "</p>\n";
}

std::vector<PhotoRef> child_photos(const Ledger& ledger, RecordId student) {
    const int field = field_index(Kind::Survey, "photos");
    std::vector<PhotoRef> refs;
    for (RecordId id : ledger.referrers(student))
        if (const Record* r = ledger.find(id); r && id.kind() == Kind::Survey && !r->deleted && ref_of(*r, "student") == student)
            for (PhotoRef& ref : photo_refs(r->value(field))) refs.push_back(std::move(ref));
    return refs;
}

Result<std::string> child_document(const Ledger& ledger, RecordId student, const Date& today, const PrintWords& w, const PhotoBytes& photos) {
    if (student.kind() != Kind::Student || !ledger.exists(student))
        return Error{ErrorCode::NotFound, "no live student record " + student.text()};
    const Record& s = *ledger.find(student);
    const std::string name = ledger.title(student);
    const std::string place = place_full_name(ledger, ref_of(s, "class"));
    std::string out = document_start(name + " " + w.child_title, place + "  " + name + "  " + w.child_title, today, false, w);
    out += "<h1>" + html_escape(w.child_title) + "</h1>\n<p class=\"place\">" + html_escape(name) + "</p>\n<p class=\"facts\">" +
           html_escape(place) + "</p>\n";

    // The record itself: short fields two to a row, long ones across the page.
    out += "<h2>" + html_escape(w.basic) + "</h2>\n<table class=\"record\">\n<colgroup><col style=\"width: 15%\"><col style=\"width: 35%\">"
           "<col style=\"width: 15%\"><col style=\"width: 35%\"></colgroup>\n<tbody>\n";
    const auto fields = kind_def(Kind::Student).fields;
    int in_row = 0;
    for (size_t f = 0; f < fields.size(); ++f) {
        if (fields[f].type == FieldType::LongText) continue;
        out += std::string(in_row == 0 ? "<tr>" : "") + "<th>" + html_escape(fields[f].label) + "</th>";
        cell(out, html_escape(shown(ledger, s, static_cast<int>(f))));
        if (++in_row == 2) out += "</tr>\n", in_row = 0;
    }
    if (in_row) out += "<th></th><td></td></tr>\n";
    for (size_t f = 0; f < fields.size(); ++f) {
        if (fields[f].type != FieldType::LongText) continue;
        out += "<tr><th>" + html_escape(fields[f].label) + "</th><td colspan=\"3\">" + html_lines(shown(ledger, s, static_cast<int>(f))) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";

    // Who points at the child, per kind, by date.
    std::vector<const Record*> of[kKindCount];
    for (RecordId id : ledger.referrers(student))
        if (const Record* r = ledger.find(id); r && ref_of(*r, "student") == student) of[static_cast<int>(id.kind())].push_back(r);
    auto by_date = [](Kind kind, const char* key) {
        const int f = field_index(kind, key);
        return [f](const Record* a, const Record* b) { return std::tie(a->values[f], a->id) < std::tie(b->values[f], b->id); };
    };
    std::vector<const Record*>& pairs = of[static_cast<int>(Kind::Pair)];
    std::vector<const Record*>& surveys = of[static_cast<int>(Kind::Survey)];
    std::vector<const Record*>& visits = of[static_cast<int>(Kind::Visit)];
    std::sort(pairs.begin(), pairs.end(), by_date(Kind::Pair, "start"));
    std::sort(surveys.begin(), surveys.end(), by_date(Kind::Survey, "date"));
    std::sort(visits.begin(), visits.end(), by_date(Kind::Visit, "date"));

    out += "<h2>" + html_escape(w.guardians) + "</h2>\n";
    section_table(out, ledger, of[static_cast<int>(Kind::Guardian)], Kind::Guardian, {{"name"}, {"relation"}, {"phone"}, {"works_away"}}, w);
    out += "<h2>" + html_escape(w.pairs) + "</h2>\n";
    section_table(out, ledger, pairs, Kind::Pair,
                  {{"helper"}, {"role", "helper"}, {"phone", "helper"}, {"start"}, {"interval"}, {"end"}}, w);
    out += "<h2>" + html_escape(w.surveys) + "</h2>\n";
    // The household survey's essentials; the full form is on screen.
    section_table(out, ledger, surveys, Kind::Survey,
                  {{"date"}, {"surveyor"}, {"parents_away"}, {"guardian_name"}, {"situation"}, {"need_kinds"}, {"needs"}}, w);
    survey_photos(out, ledger, surveys, photos, w);
    out += "<h2>" + html_escape(fill(w.visits, {std::to_string(visits.size())})) + "</h2>\n";
    section_table(out, ledger, visits, Kind::Visit, {{"date"}, {"method"}, {"visitor"}, {"findings"}, {"needs"}}, w);
    out += "</body></html>\n";
    return out;
}

}  // namespace gy
