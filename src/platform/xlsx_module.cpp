// xlsx_module.cpp — the browser's .xlsx module: core/xlsx.cpp and its libraries as a second wasm.
//
// Built as gongyu_xlsx.js/.wasm (MODULARIZE, EXPORT_NAME=GongyuXlsxModule) and
// fetched by web/platform.js only the first time a user exports or imports an
// .xlsx, so the first visit does not carry libxlsxwriter, zlib and pugixml.
// One call: a request (sheet_wire.h) in, a reply out, both in this module's heap.
// Depends on: core/xlsx.h, platform/sheet_wire.h, Emscripten.
#include "platform/sheet_wire.h"

#include <emscripten.h>

#include <cstdlib>
#include <cstring>

namespace {

std::string serve(std::string_view request) {
    using namespace gy;
    wire::Reader in(request);
    const std::string_view op = in.bytes(1);
    if (op == "W") {
        const std::string title(in.text());
        std::vector<CellType> types(in.u32());
        for (auto& t : types) {
            const std::string_view b = in.bytes(1);
            t = b.empty() || static_cast<unsigned char>(b[0]) > static_cast<unsigned char>(CellType::Number) ? CellType::Text
                                                                                                            : static_cast<CellType>(b[0]);
        }
        const Sheet sheet = wire::get_sheet(in);
        if (!in.ok() || !in.done()) return wire::error_reply({ErrorCode::InvalidFormat, "damaged write request"});
        Result<std::string> bytes = write_xlsx(sheet, types, title);
        return bytes ? std::string(1, '\0') + bytes.value() : wire::error_reply(bytes.error());
    }
    if (op == "R") {
        Result<Sheet> sheet = read_xlsx(in.rest());
        if (!sheet) return wire::error_reply(sheet.error());
        std::string out(1, '\0');
        wire::put_sheet(out, sheet.value());
        return out;
    }
    return wire::error_reply({ErrorCode::InvalidFormat, "unknown request"});
}

}  // namespace

extern "C" {

// request: malloc'ed by the caller (platform.js), freed here. Returns a malloc'ed reply; its length in *length.
EMSCRIPTEN_KEEPALIVE char* gongyu_xlsx_run(char* request, int request_length, int* length) {
    std::string reply = serve(std::string_view(request, static_cast<size_t>(request_length)));
    std::free(request);
    char* out = static_cast<char*>(std::malloc(reply.size() ? reply.size() : 1));
    std::memcpy(out, reply.data(), reply.size());
    *length = static_cast<int>(reply.size());
    return out;
}

}  // extern "C"
