// county_view.h — the county's side of the figures: every township's latest, opened with the county's key.
//
// Each township device puts its township's figures (county_figures.h) at
// <backend>/<township>/aggregates/<device>.gya, sealed for the county's public
// key. The county lists the townships under the backend root, opens every
// figures file with its secret key and keeps per township the latest (several
// devices of a township send the same figures; one that has not synced yet
// sends older ones). A file that does not open — another key, changed on the
// way, not figures, or figures of another township put in this township's
// folder (the seal binds only "aggregates/<device>.gya") — is reported and
// skipped; the rest goes on.
//
// The county's key pair is kept like a township's data key (seal.h): a Keyring
// named kCountyKeyName whose data key is the county's X25519 secret, wrapped
// under a passphrase and a recovery code in the key file kCountyKeyFilePath.
// Depends on: county_figures.h, sync.h (RemoteFolder), seal.h (Vault), csv.h (Sheet), xlsx.h (CellType).
#pragma once

#include "county_figures.h"
#include "csv.h"
#include "seal.h"
#include "sync.h"
#include "xlsx.h"

#include <functional>
#include <string>
#include <vector>

namespace gy {

inline constexpr const char* kCountyKeyName = "county";               // the key file's "township"
inline constexpr const char* kCountyKeyFilePath = "county/county.gyk";  // under the backend root

struct CountyProblem {
    std::string path;  // "430422105/aggregates/3fa2c1.gya", or a folder
    Error error;       // WrongKey, Tampered, InvalidFormat, OtherTownship, Unreachable…
};

struct CountyReport {
    std::vector<TownshipFigures> townships;  // the latest per township, by township
    std::vector<std::string> silent;         // townships on the server without figures
    std::vector<CountyProblem> problems;
};

// Per township the figures with the latest as_of (ties: the first given), ordered by township.
std::vector<TownshipFigures> latest_per_township(const std::vector<TownshipFigures>& all);
// Every count summed; categories by label, in the order they first appear.
TownshipFigures county_total(const std::vector<TownshipFigures>& townships);

// The column headers and the total row's name, in the UI's language.
struct CountyWords {
    const char *township, *as_of, *special, *surveyed, *surveyed_share, *visited, *coverage, *pairs, *total;
};
// Header row, one row per township, the total row last. Shares as "85%" ("—" with no special children).
Sheet county_sheet(const CountyReport& report, const CountyWords& words);
std::vector<CellType> county_column_types(const Sheet& sheet);

// Month by month (TownshipFigures::months): one measure, a column per month (the last
// kHistoryMonths any township reported, headed 2026年11月), a row per township, the total last.
// A month a township's figures do not reach (older figures, or sent before months were), or a
// measure its build did not count (the month-end special-group children before they were), is
// empty in its row and counts nothing in the total.
enum class TrendMeasure { Visits, Surveys, ActivePairs, Special };
Sheet county_trend_sheet(const CountyReport& report, TrendMeasure measure, const char* township_word, const char* total_word);
std::vector<CellType> trend_column_types(const Sheet& sheet);  // the township as text, the counts as numbers

// Fetches and opens everything, one request at a time. root: the backend root.
class CountyCollector {
public:
    CountyCollector(RemoteFolder& root, Vault& vault) : root_(root), vault_(vault) {}
    // false (and done is not called) while a collection runs.
    bool collect(const SecretKey& county_secret, std::function<void(CountyReport)> done);
    bool running() const { return running_; }

private:
    void list_townships();
    void next_township();
    void next_file(const std::string& township, std::vector<std::string> files, size_t at);
    void open_file(const std::string& township, const std::string& path, std::string sealed, std::function<void()> next);
    void finish();

    RemoteFolder& root_;
    Vault& vault_;
    SecretKey secret_{};
    std::vector<std::string> townships_;
    size_t township_at_ = 0;
    std::vector<TownshipFigures> opened_;
    CountyReport report_;
    std::function<void(CountyReport)> done_;
    bool running_ = false;
};

}  // namespace gy
