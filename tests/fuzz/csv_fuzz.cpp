// libFuzzer target: any bytes as a CSV file (decoding included). Run with tools/fuzz.sh.
#include "core/csv.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    gy::Result<gy::Sheet> sheet = gy::read_csv(bytes);
    if (sheet) {
        // What we read, we can write and read back to the same cells.
        gy::Result<gy::Sheet> again = gy::read_csv(gy::write_csv(sheet.value()));
        if (!again) __builtin_trap();
    }
    return 0;
}
