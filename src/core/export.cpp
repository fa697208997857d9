// export.cpp — readable values and table sheets.
#include "export.h"

#include "photos.h"
#include "text.h"

#include <algorithm>

namespace gy {

std::string readable_value(const Ledger& ledger, const FieldDef& f, const std::string& v, bool full_id) {
    switch (f.type) {
    case FieldType::Choice: {
        const char* label = choice_label(f, v);
        return label ? label : v;
    }
    case FieldType::Choices: {
        std::string out;
        for (std::string_view code : split_words(v)) {
            const char* label = choice_label(f, code);
            std::optional<RecordId> own = RecordId::parse(code);
            out += (out.empty() ? "" : "、") + (label ? std::string(label) : own ? ledger.title(*own) : std::string(code));
        }
        return out;
    }
    case FieldType::Ref: {
        std::optional<RecordId> id = RecordId::parse(v);
        return id ? ledger.title(*id) : v;
    }
    case FieldType::IdNumber: return full_id ? v : mask_id_number(v);
    case FieldType::Photos: {  // how many: the photos themselves are files beside the ledger
        const size_t n = photo_refs(v).size();
        return n ? std::to_string(n) : std::string();
    }
    default: return v;
    }
}

Sheet table_sheet(const Ledger& ledger, Kind kind, std::span<const uint32_t> rows, bool full_id) {
    const auto fields = kind_def(kind).fields;
    Sheet sheet;
    sheet.reserve(rows.size() + 1);
    std::vector<std::string> header;
    for (const FieldDef& f : fields) header.emplace_back(f.label);
    sheet.push_back(std::move(header));
    for (uint32_t row : rows) {
        const Record& r = ledger.records(kind)[row];
        std::vector<std::string> cells;
        cells.reserve(fields.size());
        for (size_t f = 0; f < fields.size(); ++f) cells.push_back(readable_value(ledger, fields[f], r.values[f], full_id));
        sheet.push_back(std::move(cells));
    }
    return sheet;
}

std::vector<CellType> table_column_types(Kind kind) {
    std::vector<CellType> types;
    for (const FieldDef& f : kind_def(kind).fields)
        types.push_back(f.type == FieldType::Date ? CellType::Date
                        : f.type == FieldType::Number || f.type == FieldType::Photos ? CellType::Number : CellType::Text);
    return types;
}

}  // namespace gy
