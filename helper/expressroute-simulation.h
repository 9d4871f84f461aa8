// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SIMULATION_H
#define EXPRESSROUTE_SIMULATION_H

// One run, end to end: set the ns-3 defaults, seed the RNG, build the topology, install the
// workload, run, summarise and write the run directory. Shared by expressroute-sim, the tests
// and the benchmarks so that they exercise the same path.

#include "expressroute-failure-summary.h"
#include "expressroute-run-progress.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"
#include "expressroute-scenario.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

class Backbone;
class Geography;
class Topology;

/// Command-line overrides of a run.
struct RunOptions
{
    std::string outDir;              ///< "" = runs/<scenario>-seed<S>-run<R>
    std::optional<uint32_t> seed;    ///< overrides simulation.seed
    std::optional<uint64_t> run;     ///< overrides simulation.run
    std::optional<Time> duration;    ///< overrides simulation.duration
    std::optional<Time> warmup;      ///< control-plane warm-up before scenario time 0 (5 s)
    bool pcap{false};                ///< captures into <out>/pcap/ (doc/outputs.md)
    /// The links captured with pcap: names or globs (SelectPcapLinks); empty: every circuit link.
    std::vector<std::string> pcapLinks;
    uint32_t pcapSnaplen{128}; ///< bytes kept of each captured packet: the headers
    /// The data-plane engine, "packet" or "flow"; overrides simulation.engine (default packet).
    std::optional<std::string> engine;
    /// The quiescent control plane (doc/engines.md) of BFD and of BGP: unset, the engine's
    /// choice (on with flows, off with packets); set, the user's (QuiescentSwitches reads
    /// --ns3::expressroute::BfdAgent::Quiescent and BgpSession::Quiescent from a command line).
    std::optional<bool> bfdQuiescent;
    std::optional<bool> bgpQuiescent;
    bool writeOutputs{true};         ///< false: run and summarise only (benchmarks)
    bool keepLinkSamples{false};     ///< RunResult::linkSamples filled (engine comparisons)
    /// Actions at scenario times, given the built topology (examples and tests use them to
    /// act on the model, e.g. make a link stop delivering).
    std::vector<std::pair<Time, std::function<void(Ptr<Topology>)>>> actions;
    /// Called with where the run is, every progressEverySeconds of wall time (the helper prints
    /// nothing; expressroute-sim draws it on a terminal). Unset: no progress.
    std::function<void(const RunProgress&)> progress;
    double progressEverySeconds{1.0}; ///< 0: at every interrupt check (10 ms simulated; tests)
    /// Called once with the built topology, before the workload and the monitors are installed
    /// (expressroute-emulate connects network namespaces to circuit links here).
    std::function<void(Ptr<Topology>)> onBuilt;
    /// The program named in run.json ("program"), which marks the directory as a run directory.
    std::string program{"expressroute-sim"};
    /// Extra top-level run.json entries, each a key and a JSON text, read whenever run.json is
    /// written (expressroute-emulate's "emulation" block: attachments, real-time lag).
    std::function<std::vector<std::pair<std::string, std::string>>()> runJsonExtra;
};

/// Sets @p options' bfdQuiescent and bgpQuiescent from ns-3 arguments of a command line
/// ("--ns3::expressroute::BfdAgent::Quiescent=false"), where given.
void QuiescentSwitches(const std::vector<std::string>& ns3Arguments, RunOptions& options);

/// What a run produced.
struct RunResult
{
    std::string outDir;
    /// Where files someone added to the earlier run at outDir were kept ("" none; RunDirectory).
    std::string keptAside;
    std::string engine{"packet"}; ///< the data-plane engine that ran
    uint32_t seed{1};
    uint64_t run{1};
    Time duration; ///< simulated: the planned duration, or the time reached if interrupted
    Time planned;  ///< the duration asked for
    Time warmup;
    double wallSeconds{0};
    uint64_t events{0};
    std::vector<PairSummary> pairs;
    std::vector<LinkSummary> links;
    std::vector<FlowRecord> flows;
    std::vector<FailureSummary> failures;
    std::vector<GatewaySummary> gateways;
    std::vector<LinkSample> linkSamples; ///< with RunOptions::keepLinkSamples
    /// completed, interrupted, or failed when a file could not be written (the summary is
    /// still computed); runs that fail otherwise throw
    std::string status{"completed"};
    std::string error; ///< why it did not complete (a write error names the file and the reason)
};

/// Asks a running RunScenario to stop at its next check (every 10 ms of simulated time) and
/// write what it has, marked interrupted. Async-signal-safe: call it from a signal handler.
void RequestInterrupt();

/// Sets the ns-3 defaults the model relies on (TCP segment size 1448 instead of 536, larger
/// socket buffers for long fat paths; ns3-debian-notes "Defaults to change").
void ConfigureNs3Defaults();

/**
 * Runs @p scenario, writing its run directory in place as it goes (doc/outputs.md). Throws
 * ScenarioLoadError when the scenario cannot be built and std::runtime_error when the run
 * directory cannot be created or refused (it is not one of ours); a write error during the run
 * stops it and is returned as status "failed". Calls Simulator::Destroy() before returning.
 */
RunResult RunScenario(const Scenario& scenario,
                      const RunOptions& options,
                      Ptr<Geography> geography,
                      Ptr<Backbone> backbone);

/// The printed summary table: one row per site-VNet pair.
std::string FormatSummaryTable(const RunResult& result);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SIMULATION_H
