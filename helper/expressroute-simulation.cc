// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-simulation.h"

#include "expressroute-backbone.h"
#include "expressroute-data-digest.h"
#include "expressroute-failure-installer.h"
#include "expressroute-failure.h"
#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"
#include "expressroute-output-writer.h"
#include "expressroute-run-files.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-topology-builder.h"
#include "expressroute-version.h"
#include "expressroute-workload.h"

#include "ns3/config.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSimulation");

void
ConfigureNs3Defaults()
{
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(4 << 20));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(4 << 20));
}

namespace
{

/// Control-plane warm-up before scenario time 0: BGP sessions establish and converge, BFD
/// sessions come up (their first packets go at one per second, RFC 5880 §6.8.3).
const Time kDefaultWarmup = Seconds(5);

/// Time after the scenario's end during which receivers still listen (longest backbone RTT is
/// ~0.35 s; 1 s leaves room for queues).
const Time kDrain = Seconds(1);

/// How often (simulated time) a run checks for an interrupt request or a write error.
const Time kInterruptCheck = MilliSeconds(10);

/// How often (wall time) a run writing its directory checkpoints: its rows go to the operating
/// system and run.json is rewritten with the time reached, flows.csv with the counters so far.
const double kCheckpointWallSeconds = 2.0;

std::atomic<bool> g_interruptRequested{false};

/// Seconds rounded to the microsecond, as a JSON number with no binary noise.
double
JsonSeconds(Time t)
{
    return std::round(t.GetSeconds() * 1e6) / 1e6;
}

/// "41.5", "300", "0.25": up to 3 decimals, no trailing zeros.
std::string
ShortSeconds(Time t)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.3f", t.GetSeconds());
    std::string text = buf;
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.')
    {
        text.pop_back();
    }
    return text;
}

/// The files of a run directory: run.json, the tables, and summary.json once written.
std::vector<std::string>
RunFileNames(bool withSummary)
{
    std::vector<std::string> names{"run.json"};
    if (withSummary)
    {
        names.push_back("summary.json");
    }
    names.push_back("flows.csv");
    for (const auto& table : RunFiles::GetTableNames())
    {
        names.push_back(table);
    }
    return names;
}

std::string
RunJson(const Scenario& scenario,
        const RunResult& r,
        const std::string& status,
        const DataProvenance& data,
        const std::vector<std::string>& files)
{
    nlohmann::ordered_json j;
    j["program"] = "expressroute-sim";
    j["status"] = status;
    if (!r.error.empty())
    {
        j["error"] = r.error;
    }
    j["scenario_name"] = scenario.name;
    j["scenario_source"] = scenario.sourceFile.empty() ? "(embedded default)" : scenario.sourceFile;
    j["seed"] = r.seed;
    j["run"] = r.run;
    j["duration_s"] = JsonSeconds(r.duration);
    j["planned_duration_s"] = JsonSeconds(r.plannedDuration);
    j["warmup_s"] = JsonSeconds(r.warmup);
    j["events"] = r.events;
    j["versions"] = {{"expressroute", EXPRESSROUTE_VERSION}, {"ns3", "3.37"}};
    j["data"] = {{"source", data.source},
                 {"dir", data.dir},
                 {"digest", data.digest},
                 {"files", data.files}};
    j["wall_time_s"] = std::round(r.wallSeconds * 1000.0) / 1000.0;
    j["files"] = files;
    j["scenario"] = nlohmann::ordered_json::parse(ScenarioToJson(scenario));
    return j.dump(2) + "\n";
}

/// Scenario time reached now, within [0, planned].
Time
TimeReached(const RunResult& r)
{
    return std::clamp(Simulator::Now() - r.warmup, Time(0), r.plannedDuration);
}

/// The probe names of @p scenario in its order.
std::vector<std::string>
ProbeNames(const Scenario& scenario)
{
    std::vector<std::string> names;
    for (const auto& p : scenario.probes)
    {
        names.push_back(p.name);
    }
    return names;
}

/// Records @p error as a reason the run failed: after an earlier failure, or before why it was
/// interrupted.
void
SetFailed(RunResult& r, const std::string& error)
{
    if (r.error.find(error) != std::string::npos)
    {
        r.status = "failed";
        return;
    }
    if (r.error.empty())
    {
        r.error = error;
    }
    else
    {
        r.error = r.status == "failed" ? r.error + "; " + error : error + "; " + r.error;
    }
    r.status = "failed";
}

} // namespace

void
RequestInterrupt()
{
    g_interruptRequested.store(true);
}

RunResult
RunScenario(const Scenario& scenario,
            const RunOptions& options,
            Ptr<Geography> geography,
            Ptr<Backbone> backbone)
{
    const auto wallStart = std::chrono::steady_clock::now();
    auto wallSince = [](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    };
    RunResult result;
    result.seed = options.seed.value_or(scenario.simulation.seed.value_or(1));
    result.run = options.run.value_or(scenario.simulation.run.value_or(1));
    result.plannedDuration =
        options.duration.value_or(scenario.simulation.duration.value_or(Seconds(30)));
    result.duration = result.plannedDuration;
    result.warmup = options.warmup.value_or(kDefaultWarmup);
    result.outDir = options.outDir.empty()
                        ? "runs/" + scenario.name + "-seed" + std::to_string(result.seed) +
                              "-run" + std::to_string(result.run)
                        : options.outDir;

    ConfigureNs3Defaults();
    RngSeedManager::SetSeed(result.seed);
    RngSeedManager::SetRun(result.run);

    // The run directory takes its final name now, before anything runs; an earlier run
    // directory there is removed, anything else refused (RunDirectory).
    std::optional<RunDirectory> dir;
    std::unique_ptr<RunFiles> files;
    DataProvenance data;
    if (options.writeOutputs)
    {
        data = DescribeDataDir(options.dataDir.empty() ? DefaultDataDir() : options.dataDir);
        dir.emplace(result.outDir, "expressroute-sim", RunDirectory::Mode::InPlace);
    }

    try
    {
        if (dir)
        {
            result.duration = Time(0);
            dir->Write("run.json", RunJson(scenario, result, "running", data, RunFileNames(false)));
            dir->Write("flows.csv", FormatFlowsCsv({}));
            files = std::make_unique<RunFiles>(*dir);
        }
        auto builder = CreateObject<TopologyBuilder>();
        Ptr<Topology> topology = builder->Build(scenario, geography, backbone);
        topology->AssignStreams(0);
        RunRecorder recorder;
        recorder.SetOrigin(result.warmup);
        recorder.SetSink(files.get());
        InstallWorkload(scenario, topology, recorder, result.plannedDuration,
                        result.plannedDuration + kDrain);
        recorder.WatchControlPlane(topology);
        const auto failures = InstallFailures(scenario, topology, recorder, result.warmup);
        for (const auto& [at, action] : options.actions)
        {
            Simulator::Schedule(result.warmup + at, [action, topology]() { action(topology); });
        }
        const Time interval = scenario.simulation.linkMetricsInterval.value_or(Seconds(1));
        recorder.WatchCircuitLinks(topology, interval, result.plannedDuration);
        recorder.WatchGateways(topology, interval, result.plannedDuration);
        if (options.pcap && files)
        {
            files->CapturePcap(topology);
        }

        // A checkpoint: the rows so far to the operating system, flows.csv with the counters
        // so far and run.json with the time reached, each file replaced whole.
        auto lastCheckpoint = std::chrono::steady_clock::now();
        auto checkpoint = [&]() {
            lastCheckpoint = std::chrono::steady_clock::now();
            files->Flush();
            if (files->GetError())
            {
                return;
            }
            result.duration = TimeReached(result);
            result.events = Simulator::GetEventCount();
            result.wallSeconds = wallSince(wallStart);
            try
            {
                dir->Write("flows.csv", FormatFlowsCsv(recorder.GetFlows()));
                dir->Write("run.json",
                           RunJson(scenario, result, "running", data, RunFileNames(false)));
            }
            catch (const std::runtime_error& e)
            {
                SetFailed(result, e.what());
            }
        };

        // Senders stop at the end of the scenario; receivers listen a little longer so that packets
        // still in flight then are delivered rather than counted as lost.
        Simulator::Stop(recorder.GetOrigin() + result.plannedDuration + kDrain);
        // A signal (expressroute-sim's SIGINT/SIGTERM handler) or a write error stops the run at
        // the next check; what was recorded so far is written, and run.json says why it stopped.
        std::function<void()> watch = [&]() {
            if (g_interruptRequested.exchange(false))
            {
                result.status = "interrupted";
                result.error = "interrupted by a signal at scenario time " +
                               ShortSeconds(TimeReached(result)) + " s";
                Simulator::Stop();
                return;
            }
            if (files && files->GetError())
            {
                SetFailed(result, *files->GetError());
            }
            if (result.status == "failed")
            {
                Simulator::Stop();
                return;
            }
            if (files && wallSince(lastCheckpoint) >= kCheckpointWallSeconds)
            {
                checkpoint();
            }
            Simulator::Schedule(kInterruptCheck, watch);
        };
        Simulator::Schedule(kInterruptCheck, watch);
        Simulator::Run();
        result.duration =
            result.status == "completed" ? result.plannedDuration : TimeReached(result);
        result.events = Simulator::GetEventCount();
        result.pairs =
            SummarisePairs(recorder.GetProbes(), recorder.GetFlows(), ProbeNames(scenario));
        result.links = SummariseLinks(recorder.GetLinkSamples());
        result.flows = recorder.GetFlows();
        result.failures = SummariseFailures(recorder.GetFailureEvents(),
                                            recorder.GetBgpEvents(),
                                            recorder.GetRouteChanges(),
                                            recorder.GetProbes(),
                                            recorder.GetLinkSamples(),
                                            result.duration);

        if (dir)
        {
            files->Close();
            if (files->GetError())
            {
                SetFailed(result, *files->GetError());
            }
            // Written even after another file failed: they may still fit.
            bool summary = false;
            try
            {
                dir->Write("flows.csv", FormatFlowsCsv(result.flows));
                dir->Write("summary.json",
                           FormatSummaryJson(result.pairs,
                                             result.links,
                                             result.flows,
                                             result.failures,
                                             JsonSeconds(result.duration)));
                summary = true;
            }
            catch (const std::runtime_error& e)
            {
                SetFailed(result, e.what());
            }
            result.wallSeconds = wallSince(wallStart);
            try
            {
                dir->Write("run.json",
                           RunJson(scenario, result, result.status, data, RunFileNames(summary)));
                dir->Commit();
            }
            catch (const std::runtime_error& e)
            {
                SetFailed(result, std::string(e.what()) + " (run.json could not say so)");
            }
        }
        result.wallSeconds = wallSince(wallStart);
        // Pending events hold the topology: destroy them while the recorder they call is alive.
        Simulator::Destroy();
    }
    catch (const std::exception& e)
    {
        // The run could not be built or went wrong: say so in run.json, and pass it on.
        if (dir)
        {
            result.status = "failed";
            result.error = e.what();
            try
            {
                if (files)
                {
                    files->Close();
                }
                dir->Write("run.json",
                           RunJson(scenario, result, "failed", data, RunFileNames(false)));
                dir->Commit();
            }
            catch (const std::exception&)
            {
                // the directory itself is the problem: nothing more to record
            }
        }
        Simulator::Destroy();
        throw;
    }
    return result;
}

std::string
FormatSummaryTable(const RunResult& r)
{
    std::ostringstream os;
    char line[256];
    std::snprintf(line,
                  sizeof(line),
                  "%-16s %-18s %-18s %9s %9s %9s %7s %12s\n",
                  "probe",
                  "site",
                  "vnet",
                  "rtt p50",
                  "rtt p99",
                  "loss %",
                  "outages",
                  "throughput");
    os << line;
    for (const auto& p : r.pairs)
    {
        std::snprintf(line,
                      sizeof(line),
                      "%-16s %-18s %-18s %6.2f ms %6.2f ms %9.2f %7u %7.2f Mbps\n",
                      p.probe.c_str(),
                      p.site.c_str(),
                      p.vnet.c_str(),
                      p.rttP50Ms,
                      p.rttP99Ms,
                      p.lossPercent,
                      p.outages,
                      p.throughputBps / 1e6);
        os << line;
    }
    if (!r.failures.empty())
    {
        os << "\nfailures:\n";
        for (const auto& f : r.failures)
        {
            os << "  " << FormatFailureHeadline(f) << "\n";
        }
    }
    return os.str();
}

std::string
FormatSimulatedTime(const RunResult& r)
{
    std::string text = ShortSeconds(r.duration) + " s simulated";
    if (r.duration != r.plannedDuration)
    {
        text += " of " + ShortSeconds(r.plannedDuration) + " s";
    }
    return text;
}

} // namespace expressroute
} // namespace ns3
