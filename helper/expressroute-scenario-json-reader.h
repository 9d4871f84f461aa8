// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SCENARIO_JSON_READER_H
#define EXPRESSROUTE_SCENARIO_JSON_READER_H

// Typed, checked access to one JSON object of a scenario document: unknown keys (with "did you
// mean"), missing required keys, wrong types, out-of-range numbers and malformed durations,
// rates and prefixes all become errors naming the JSON pointer; the accessors then return
// nullopt and the parser carries on, so every error of a document is reported at once.
// Only the forward declarations of nlohmann/json are included here: the library is heavy.

#include "expressroute-ipv4-prefix.h"
#include "expressroute-scenario-diagnostics.h"

#include "ns3/nstime.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// The JSON value type of scenario documents: objects keep their keys in document order.
using ScenarioJson = nlohmann::ordered_json;

/// Whether a key must be present.
enum class Need
{
    Optional,
    Required
};

/// A JSON value with its JSON pointer.
struct JsonAt
{
    std::string path;
    const ScenarioJson* value;
};

/**
 * Parses @p text. Syntax errors are reported with line and column (computed from the byte
 * offset), duplicate keys and nesting deeper than @p maxDepth with their paths; every path of
 * the document is registered in document order. Returns false when the text is not JSON.
 */
bool ParseJsonDocument(const std::string& text,
                       ScenarioJson& out,
                       ScenarioDiagnostics& diag,
                       int maxDepth = 32);

/// "object", "array", "string", "boolean", "integer", "number" or "null".
std::string JsonTypeName(const ScenarioJson& value);

/**
 * One JSON object of the scenario, with the keys it may hold. Construction reports a
 * non-object value and every unknown key; the accessors report missing, mistyped and
 * malformed values and return nullopt (or an empty list) for them.
 */
class JsonObjectReader
{
  public:
    /**
     * @param value the value that should be an object (nullptr: absent, nothing reported)
     * @param path its JSON pointer
     * @param diag where errors go
     * @param keys the keys this object may hold
     * @param what what the object is, for the type error ("a site")
     */
    JsonObjectReader(const ScenarioJson* value,
                     std::string path,
                     ScenarioDiagnostics& diag,
                     std::vector<std::string> keys,
                     const std::string& what);

    /// True when the value is an object.
    bool IsObject() const { return m_object != nullptr; }
    bool Has(const std::string& key) const;
    const std::string& GetPath() const { return m_path; }
    std::string PathOf(const std::string& key) const;
    /// The raw value of @p key; reports a missing required key.
    const ScenarioJson* Get(const std::string& key, Need need) const;

    std::optional<std::string> GetString(const std::string& key, Need need) const;
    /// A string naming something (non-empty, at most 100 characters).
    std::optional<std::string> GetName(const std::string& key, Need need) const;
    std::optional<bool> GetBool(const std::string& key, Need need) const;
    std::optional<uint64_t> GetUnsigned(const std::string& key,
                                        Need need,
                                        uint64_t min,
                                        uint64_t max) const;
    /// GetUnsigned for values that fit 32 bits (@p max at most 4294967295).
    std::optional<uint32_t> GetU32(const std::string& key,
                                   Need need,
                                   uint32_t min,
                                   uint32_t max) const;
    std::optional<double> GetNumber(const std::string& key,
                                    Need need,
                                    double min,
                                    double max) const;
    /// A duration string ("30s"); @p positive refuses zero.
    std::optional<Time> GetDuration(const std::string& key, Need need, bool positive) const;
    /// A rate string ("50Mbps"), greater than zero.
    std::optional<uint64_t> GetRate(const std::string& key, Need need) const;
    /// A prefix string; when @p length is given the prefix must have exactly that length.
    std::optional<Ipv4Prefix> GetPrefix(const std::string& key,
                                        Need need,
                                        std::optional<uint8_t> length = std::nullopt) const;
    /// One of @p names (case-sensitive; "did you mean" otherwise). @p what: "tier".
    std::optional<std::string> GetChoice(const std::string& key,
                                         Need need,
                                         const std::vector<std::string>& names,
                                         const std::string& what) const;
    /// The elements of an array with their paths; @p nonEmpty reports an empty array.
    std::vector<JsonAt> GetArray(const std::string& key, Need need, bool nonEmpty) const;
    /// An array of prefixes, each with its path.
    std::vector<std::pair<std::string, Ipv4Prefix>> GetPrefixList(const std::string& key,
                                                                  Need need,
                                                                  bool nonEmpty) const;

  private:
    const ScenarioJson* m_object{nullptr};
    std::string m_path;
    ScenarioDiagnostics& m_diag;
};

/// Reads a string value at @p path; reports a type error.
std::optional<std::string> ReadJsonString(const JsonAt& at, ScenarioDiagnostics& diag);
/// Reads a name at @p path (as JsonObjectReader::GetName): reports a non-string, an empty or
/// over-long name and control characters.
std::optional<std::string> ReadJsonName(const JsonAt& at, ScenarioDiagnostics& diag);
/// Reads a prefix string at @p path; reports type and syntax errors.
std::optional<Ipv4Prefix> ReadJsonPrefix(const JsonAt& at, ScenarioDiagnostics& diag);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SCENARIO_JSON_READER_H
