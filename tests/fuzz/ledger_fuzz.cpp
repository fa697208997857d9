// libFuzzer target: any bytes as a stored ledger file (a commit or a snapshot
// bucket, as read back from IndexedDB or, later, from the sync server).
#include "core/ledger_store.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    gy::Result<gy::Commit> commit = gy::commit_from_json(text);
    gy::Ledger ledger(1);
    if (commit) ledger.merge(std::move(commit.value()));
    (void)gy::load_bucket(text, ledger);
    gy::MemoryStorage storage;
    gy::LedgerStore store(storage);
    (void)store.load({{"ledger/meta", std::string(text)}, {"ledger/log/000000000001", std::string(text)},
                      {"ledger/snap/student/00", std::string(text)}}, ledger, 1);
    return 0;
}
