// print.h — printable A4 documents of the ledger, as self-contained HTML.
//
// The app draws on a WebGL canvas, which does not print; these documents are
// what the browser prints instead. Two kinds:
//   * the 家校共育台账 of a joint school, campus or class: one table of its
//     students (name, sex, birth date, class, categories, risk, guardians and
//     phones, paired helpers, visits this semester, last visit), A4 landscape;
//   * the 一生一档 of one child: the record, guardians, pairs, surveys (with
//     their household photos) and visits, each a section, A4 portrait.
// Print rules: @page size and margins; the place's full name and the date in
// the top margin of every page and 第 N 页 共 M 页 in the bottom margin (@page
// margin boxes, which Chromium 131+ prints); <thead> so table headers repeat on
// each page; rows never split. CSS only, no scripts but the one that calls
// print() when the page's address ends in #print (the platform opens it so).
// Every value is HTML-escaped (CSS-escaped inside the margin boxes); ID
// numbers are masked as the app's tables mask them: paper leaves the office.
// The words come from the caller (ui/strings.h via ui/print_words.h), so the
// core holds no user-visible phrase of its own.
// Depends on: ledger.h, export.h (readable values), followup.h (semesters, active pairs), query.h (scope), photos.h.
#pragma once

#include "ledger.h"
#include "result.h"
#include "seal.h"

#include <map>
#include <string>
#include <vector>

namespace gy {

// The phrases a printed document uses; "%s" marks where a value goes.
struct PrintWords {
    const char* ledger_title;    // 家校共育台账
    const char* child_title;     // 一生一档
    const char* printed_on;      // 打印日期：%s
    const char* page_of;         // 第 %s 页 共 %s 页 (page number, page count)
    const char* print_button;    // 打印
    const char* semester;        // %s学期：%s 至 %s (autumn/spring, first day, last day)
    const char* autumn;          // 秋季
    const char* spring;          // 春季
    const char* count;           // 共 %s 人
    const char* narrowed_to;     // 仅列出：%s (a category filter)
    const char* col_number;      // 序号
    const char* col_guardians;   // 监护人及电话
    const char* col_helpers;     // 结对帮扶人
    const char* col_visits;      // 本学期家访(次)
    const char* col_last_visit;  // 最近家访
    const char* basic;           // 基本情况
    const char* guardians;       // 监护人
    const char* pairs;           // 结对帮扶
    const char* surveys;         // 入户摸底
    const char* visits;          // 家访记录（共 %s 次）
    const char* guardian;        // %s（%s）%s (name, relation, phone) in the ledger's guardian column
    const char* none;            // 无
    const char* photos;          // 入户照片（%s） (the survey's date)
    const char* photos_missing;  // 另有 %s 张照片未能取得… (how many)
};

struct LedgerPrint {
    RecordId scope;         // a joint school, campus or class
    std::string category;   // a category code or Category record ID to narrow to; "": every student
    Date today;             // the printing date, and the semester whose visits are counted
    bool landscape = true;  // ten columns read better across A4 landscape
};

// The 家校共育台账 of a place. Errors: InvalidValue when scope is not a live joint school, campus or class.
Result<std::string> ledger_document(const Ledger& ledger, const LedgerPrint& what, const PrintWords& words);

// The 一生一档 of one child. Errors: NotFound when student is not a live student record.
// photos: the JPEGs of its surveys' photos by name (photos.h), printed as data: URLs under each survey;
// a photo not among them is counted as not to be had.
using PhotoBytes = std::map<std::string, std::string>;
Result<std::string> child_document(const Ledger& ledger, RecordId student, const Date& today, const PrintWords& words,
                                   const PhotoBytes& photos = {});
// The photos of the child's live surveys, oldest survey first: what child_document prints.
std::vector<PhotoRef> child_photos(const Ledger& ledger, RecordId student);

// The names of a place from its joint school down ("云集镇校联体 云集中心学校 1年级1班").
std::string place_full_name(const Ledger& ledger, RecordId place);

std::string html_escape(std::string_view text);
// A CSS string literal (quotes included) that shows text: every ASCII character
// but letters, digits and spaces as a hex escape, so no value can end the string or the style.
std::string css_string(std::string_view text);

}  // namespace gy
