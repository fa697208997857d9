// libFuzzer target: any bytes as a server's PROPFIND answer (core/dav_listing.h). Run with tools/fuzz.sh.
#include "core/dav_listing.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    gy::Result<std::vector<gy::RemoteEntry>> entries = gy::parse_multistatus(xml, "/gongyu-store/大塘镇/changes/");
    if (entries) {
        // Whatever a server says, a listing holds only names of this folder: never empty, never a path.
        for (const gy::RemoteEntry& e : entries.value()) {
            std::string_view name = e.name;
            if (name.ends_with('/')) name.remove_suffix(1);
            if (name.empty() || name.find('/') != std::string_view::npos || name == "." || name == "..") __builtin_trap();
        }
    }
    return 0;
}
