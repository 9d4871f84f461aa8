// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_SPEC_H
#define EXPRESSROUTE_SWEEP_SPEC_H

// Batch sweeps (doc/sweeps.md), the ns-3 way: one expressroute-sim process per run, as SEM runs
// ns-3 campaigns. A spec names a base scenario, parameters as JSON pointers into it with lists
// of values (a full grid, or zipped lists), the number of runs per point (ns-3 run numbers 1..R
// with one fixed seed) and a timeout per run.
//
// The area's files, split by responsibility:
//   -spec       parse and validate a spec, before any run starts (this file)
//   -grid       expand the spec into points and runs; stable keys (FNV-1a of canonical JSON)
//   -directory  the sweep directory: frozen spec, inputs, run outcomes, lock
//   -runner     one child process per run, at most N at a time; timeouts; Ctrl-C
//   -state      the runs of a sweep: what is left to do, how a process ended, index rows
//   -index      the SQLite index (one row per run) and its results.csv export
//   -progress   the live progress bar or periodic lines
//   -slurm      the job-array script
//   -options    the command line
//   -driver     the commands of expressroute-sweep: sweep, --point, --collect, --status,
//               --dry-run, --emit-slurm
// Out of scope: adaptive sampling, retries of failed runs without being asked, scheduling on
// anything other than local cores and Slurm job arrays.

#include "expressroute-geography.h"
#include "expressroute-scenario-json-reader.h"
#include "expressroute-scenario-loader.h"

#include "ns3/ptr.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// One swept parameter.
struct SweepParameter
{
    std::string path;                 ///< JSON pointer into the scenario ("/circuits/1/bandwidth")
    std::string column;               ///< its column in the index ("circuits_1_bandwidth")
    std::vector<ScenarioJson> values; ///< the values it takes, in order
    std::string zip;                  ///< zip group: parameters of one group vary together
};

/// A validated sweep spec.
struct SweepSpec
{
    std::string source;       ///< the spec file (or name) that errors and messages name
    std::string name;         ///< sweep name
    std::string description;  ///< free text
    std::string scenarioFile; ///< the base scenario file as given ("" when inline)
    ScenarioJson scenario;    ///< the base scenario document, as written
    /// Where the scenario's relative data files (a flow list's "file") are: the base scenario
    /// file's directory, absolute (the spec's, for an inline scenario). Frozen in sweep.json as
    /// "dataDir", and not part of what must match when a sweep is resumed, so that a sweep
    /// directory and its inputs can move.
    std::string dataDir;
    std::vector<std::pair<std::string, ScenarioJson>> set; ///< fixed overrides, by JSON pointer
    std::vector<SweepParameter> parameters;                ///< the swept parameters, in order
    bool zipAll{false};          ///< "combine": "zip": every parameter in one zip group
    uint32_t runs{1};            ///< runs per point: ns-3 run numbers 1..runs
    uint32_t seed{1};            ///< the ns-3 seed of every run
    std::string timeout{"1h"};   ///< the timeout per run as written
    double timeoutSeconds{3600}; ///< the same in seconds
    /// The data-plane engine of every run ("packet" or "flow", doc/engines.md); "" = each
    /// scenario's own.
    std::string engine;
};

/// A bad spec: what() lists every error as "SPEC: /json/pointer: message", one per line, with
/// the pointer into the spec naming the offending field.
class SweepSpecError : public ScenarioLoadError
{
  public:
    using ScenarioLoadError::ScenarioLoadError;
};

/**
 * Parses and validates a spec: known keys and types, every pointer present in the base scenario,
 * every value of the JSON type of the value it replaces, non-empty lists, zip groups of equal
 * length, unique column names. @p baseDir resolves a relative "scenario" file. Throws
 * SweepSpecError naming the field. Does not load the generated scenarios: ValidatePoints() does.
 */
SweepSpec ParseSweepSpec(const std::string& text,
                         const std::string& source,
                         const std::string& baseDir);

/// ParseSweepSpec() of a file; the scenario path is relative to the file's directory.
SweepSpec LoadSweepSpecFile(const std::string& path);

/**
 * Loads every scenario the spec generates with the scenario loader, so that rule violations
 * (a bandwidth not offered, a VNet out of the SKU's reach) are reported before any run starts.
 * An error at or below a swept path is blamed on the value ("/parameters/0/values/2"), one at
 * or below a fixed override on it ("/set/~1simulation~1duration"), anything else on the point.
 * Throws SweepSpecError.
 */
void ValidatePoints(const SweepSpec& spec, Ptr<Geography> geography);

/// The spec as a spec document with the base scenario inline (DIR/sweep.json): parsing it
/// back gives an equal spec, so that a sweep directory is self-contained.
ScenarioJson FrozenSpec(const SweepSpec& spec);

/// A column name from a JSON pointer: "/circuits/1/bandwidth" -> "circuits_1_bandwidth".
std::string ColumnName(const std::string& text);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_SPEC_H
