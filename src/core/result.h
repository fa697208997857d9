// result.h — a value or a precise error, for core APIs that can fail on bad input.
//
// The core never throws (the browser build has exceptions off). Functions that
// can fail return Result<T>: either the value or an Error with a machine code and
// an English detail. The UI turns the code into a Chinese message (ui/strings.h).
// Depends on: nothing but the standard library.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace gy {

enum class ErrorCode {
    InvalidJson,       // text is not JSON at all
    InvalidFormat,     // JSON, but not the shape we wrote
    UnsupportedVersion,// written by a newer Gongyu
    InvalidValue,      // a field is out of range or malformed
    StorageFailure,    // the storage layer refused or failed a write
    NotFound,
    Unreachable,       // the server did not answer (no network, DNS, cut connection)
    ServerRefused,     // the server answered with an HTTP error (status in the detail)
    ServerFailed,      // the server answered 5xx: trouble of its own, usually passing (status in the detail)
    OtherTownship,     // a sync file of another township
    OldXls,            // an Excel 97-2003 binary .xls where an .xlsx was expected
    Encrypted,         // a password-protected workbook or zip entry
    TooLarge,          // over a reader's bounds (zip bombs, absurd sheets)
    Unavailable,       // a part of the app that could not be loaded (the files module over a bad link)
    Tampered,          // a sealed file whose signature does not hold: changed, cut or moved on the way
    WrongKey,          // a sealed file this township's key does not open
    WrongPassphrase,   // a key file that the passphrase or recovery code given does not open
    NoKeys,            // sync before this device holds the township's key
    HistoryDiffers,    // a commit held here differs from its signed copy on the server
    UnknownSigner,     // signed, but neither by the clerk's devices nor by a role the township issued
};

struct Error {
    ErrorCode code;
    std::string detail;  // precise, English, for logs and tests
};

template <typename T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<0>(v_); }
    T& value() { return std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

}  // namespace gy
