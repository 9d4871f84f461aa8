// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SCENARIO_LOADER_H
#define EXPRESSROUTE_SCENARIO_LOADER_H

// Parses a scenario JSON file (doc/scenario.md, doc/scenario.schema.json) and enforces
// ExpressRoute's rules (references.md §1-§7): SKU scope of VNet links, links per circuit, circuits
// per gateway and per peering location, Global Reach placement and tier, offered bandwidths,
// known places, unique names, no AzurePublic peering, no overlapping address plans. Every error
// names the JSON path, what is wrong and the rule or limit; unknown keys get a "did you mean";
// malformed JSON reports line and column. Errors are collected, not stopped at the first one.

#include "expressroute-geography.h"
#include "expressroute-scenario.h"

#include "ns3/ptr.h"

#include <stdexcept>
#include <iosfwd>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// One problem in a scenario.
struct ScenarioError
{
    std::string path;    ///< JSON pointer of the offending value ("" for the whole document)
    std::string message; ///< what is wrong and the rule or limit
    int line{0};         ///< for syntax errors: 1-based line (0 when unknown)
    int column{0};       ///< for syntax errors: 1-based column (0 when unknown)
};

/// The largest RNG seed: ns-3's RngStream (MRG32k3a) refuses seeds at or above the modulus of its
/// second component, m2 = 4294944443 (rng-stream.cc), so the seeds are 1 to 4294944442.
constexpr uint32_t kMaxRngSeed = 4294944442U;

/// Thrown when a scenario cannot be loaded; what() lists every error, one per line, as
/// "SOURCE: /json/path: message" (or "SOURCE:LINE:COLUMN: message" for syntax errors).
class ScenarioLoadError : public std::runtime_error
{
  public:
    ScenarioLoadError(std::string source, std::vector<ScenarioError> errors);
    const std::vector<ScenarioError>& GetErrors() const { return m_errors; }
    const std::string& GetSource() const { return m_source; }

  private:
    std::string m_source;
    std::vector<ScenarioError> m_errors;
};

/// Loads and validates a scenario file. Throws ScenarioLoadError.
Scenario LoadScenarioFile(const std::string& path, Ptr<Geography> geography);

/// Loads and validates a scenario from JSON text; @p sourceName names it in errors, and the
/// files it names (flow lists) are relative to @p sourceName's directory when @p sourceIsPath,
/// else to the working directory.
Scenario LoadScenarioString(const std::string& json,
                            const std::string& sourceName,
                            Ptr<Geography> geography,
                            bool sourceIsPath = false);

/// The embedded default scenario (the text of examples/scenarios/default.json, built in).
const std::string& DefaultScenarioJson();

/// The resolved scenario as pretty-printed JSON (sorted keys, every field the loader filled,
/// times as "30s"-style strings, rates as "1Gbps"): recorded in run.json. Deterministic.
std::string ScenarioToJson(const Scenario& scenario);

/// Parses a duration such as "30s", "250ms", "1.5s", "2min", "100us"; nullopt when malformed.
std::optional<Time> ParseDuration(const std::string& text);
/// True when @p text is written as a duration but is past ns-3's clock (2^63 ns, about 292
/// years), the only reason ParseDuration refused it.
bool IsDurationPastTheClock(const std::string& text);
/// Parses a rate such as "50Mbps", "1Gbps", "10Gbps", "64kbps", "1000bps"; nullopt when malformed.
std::optional<uint64_t> ParseRate(const std::string& text);

/// The rest of @p in, or nothing when it holds more than @p limit bytes (a pipe may never end):
/// the reads of scenarios and of the importer's inputs.
std::optional<std::string> ReadAtMost(std::istream& in, std::size_t limit);
/// Formats a time for JSON output: whole seconds as "30s", otherwise "250ms" / "1500us" / "7ns".
std::string FormatDuration(Time t);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SCENARIO_LOADER_H
