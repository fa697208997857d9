// libFuzzer target: any bytes as an .xlsx file (zip, XML, cells). Run with tools/fuzz.sh.
#include "core/xlsx.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    gy::Result<gy::Sheet> sheet = gy::read_xlsx(bytes);
    if (sheet) {
        // What we read, we can write, and read back as many rows.
        gy::Result<std::string> written = gy::write_xlsx(sheet.value(), {}, "fuzz");
        if (written) {
            gy::Result<gy::Sheet> again = gy::read_xlsx(written.value());
            if (!again || again.value().size() > sheet.value().size()) __builtin_trap();
        }
    }
    return 0;
}
