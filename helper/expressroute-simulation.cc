// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-simulation.h"

#include "expressroute-backbone.h"
#include "expressroute-failure-installer.h"
#include "expressroute-failure-reach.h"
#include "expressroute-failure.h"
#include "expressroute-flow-engine.h"
#include "expressroute-flow-workload.h"
#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"
#include "expressroute-output-writer.h"
#include "expressroute-pcap-links.h"
#include "expressroute-run-files.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-topology-builder.h"
#include "expressroute-version.h"
#include "expressroute-workload.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <unistd.h>

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

/// How often (simulated time) a run checks for an interrupt request.
const Time kInterruptCheck = MilliSeconds(10);

/// How often (wall time) a run hands its rows to the disk and updates run.json with the time
/// reached, so that a killed run leaves them (doc/outputs.md).
const std::chrono::seconds kCheckpointEvery{1};

/// probes.csv's rows by default: one per probe up to this simulated time, runs of identical
/// results beyond it (doc/outputs.md); a run's row covers at most kProbeRowSpan.
const Time kProbeRunsBeyond = Hours(1);
const Time kProbeRowSpan = Minutes(1);

std::atomic<bool> g_interruptRequested{false};

/// Where the data files (regions, peering locations, backbone) came from and a digest of them,
/// so that a result can be tied to its inputs: FNV-1a 64 over each regular file's name, a NUL,
/// its bytes and a NUL, in name order.
nlohmann::ordered_json
DataProvenance()
{
    namespace fs = std::filesystem;
    const std::string dir = DefaultDataDir();
    const char* env = std::getenv("EXPRESSROUTE_DATA_DIR");
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
    {
        if (e.is_regular_file())
        {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    uint64_t h = 0xcbf29ce484222325ull;
    auto mix = [&h](const char* p, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i)
        {
            h = (h ^ static_cast<unsigned char>(p[i])) * 0x100000001b3ull;
        }
    };
    for (const auto& f : files)
    {
        const std::string name = f.filename().string();
        mix(name.c_str(), name.size() + 1);
        std::ifstream in(f, std::ios::binary);
        char buf[65536];
        while (in.read(buf, sizeof(buf)) || in.gcount() > 0)
        {
            mix(buf, static_cast<std::size_t>(in.gcount()));
        }
        mix("", 1);
    }
    char hex[32];
    std::snprintf(hex, sizeof(hex), "fnv1a64:%016llx", static_cast<unsigned long long>(h));
    nlohmann::ordered_json j;
    j["dir"] = dir;
    j["from"] = env && *env ? "EXPRESSROUTE_DATA_DIR" : "built-in";
    j["files"] = files.size();
    j["digest"] = hex;
    return j;
}

/// The resolved scenario as run.json's last member, `  "scenario": {...}` indented as
/// run.json's dump(2) indents it: formatted once per run (a large scenario is megabytes, and
/// run.json is rewritten at every checkpoint).
std::string
ScenarioMember(const Scenario& scenario)
{
    nlohmann::ordered_json j;
    j["scenario"] = nlohmann::ordered_json::parse(ScenarioToJson(scenario));
    const std::string text = j.dump(2);
    const std::size_t begin = text.find('\n') + 1;
    return text.substr(begin, text.rfind('\n') - begin);
}

std::string
RunJson(const Scenario& scenario,
        const RunResult& r,
        const std::string& status,
        const std::string& error,
        const std::vector<std::string>& files,
        const nlohmann::ordered_json& data,
        const std::string& scenarioMember,
        const RunOptions& options)
{
    nlohmann::ordered_json j;
    j["program"] = options.program; // marks the directory as ours (RunDirectory replaces only these)
    j["status"] = status;
    if (status == "running")
    {
        j["pid"] = ::getpid(); // the writer: another run does not replace it while it lives
    }
    if (!error.empty())
    {
        j["error"] = error;
    }
    j["scenario_name"] = scenario.name;
    j["scenario_source"] = scenario.sourceFile.empty() ? "(embedded default)" : scenario.sourceFile;
    j["engine"] = r.engine;
    j["seed"] = r.seed;
    j["run"] = r.run;
    j["duration_s"] = r.duration.GetSeconds();
    j["planned_duration_s"] = r.planned.GetSeconds();
    j["warmup_s"] = r.warmup.GetSeconds();
    j["events"] = r.events;
    j["versions"] = {{"expressroute", EXPRESSROUTE_VERSION}, {"ns3", "3.37"}};
    j["wall_time_s"] = std::round(r.wallSeconds * 1000.0) / 1000.0;
    j["data"] = data;
    j["files"] = files;
    if (options.runJsonExtra)
    {
        for (const auto& [key, text] : options.runJsonExtra())
        {
            j[key] = nlohmann::ordered_json::parse(text);
        }
    }
    std::string text = j.dump(2);
    text.erase(text.rfind('\n')); // the closing brace
    return text + ",\n" + scenarioMember + "\n}\n";
}

} // namespace

void
RequestInterrupt()
{
    g_interruptRequested.store(true);
}

namespace
{

/// Sets the default of ns-3 attribute @p key (a boolean) to @p value for one run, and puts the
/// earlier default back when it goes out of scope, so that no run leaves its choice to the next.
class ScopedBoolDefault
{
  public:
    ScopedBoolDefault(const std::string& type, const std::string& name, bool value)
    {
        TypeId tid;
        TypeId::AttributeInformation info;
        if (!TypeId::LookupByNameFailSafe(type, &tid) || !tid.LookupAttributeByName(name, &info))
        {
            return; // a build without the switch
        }
        m_key = type + "::" + name;
        m_before = info.initialValue;
        Config::SetDefault(m_key, BooleanValue(value));
    }
    ~ScopedBoolDefault()
    {
        if (m_before)
        {
            Config::SetDefaultFailSafe(m_key, *m_before);
        }
    }
    ScopedBoolDefault(const ScopedBoolDefault&) = delete;
    ScopedBoolDefault& operator=(const ScopedBoolDefault&) = delete;

  private:
    std::string m_key;
    Ptr<const AttributeValue> m_before;
};

/// Most links.csv rows a run may write (some 10 GB): beyond, the interval is refused.
constexpr uint64_t kMaxLinkMetricsRows = 100'000'000;

/// Refuses a links.csv interval that would write more than kMaxLinkMetricsRows rows: one per
/// circuit link (two per circuit) and gateway, per interval.
void
CheckLinkMetricsRows(const Scenario& scenario, Time duration)
{
    const Time interval = scenario.simulation.linkMetricsInterval.value_or(Seconds(1));
    // Rounded up, without the overflow of duration + interval - 1 near ns-3's largest time.
    const int64_t d = duration.GetNanoSeconds();
    const int64_t i = interval.GetNanoSeconds();
    const uint64_t samples = static_cast<uint64_t>(d / i + (d % i != 0 ? 1 : 0));
    const uint64_t links = 2 * scenario.circuits.size() + scenario.vnets.size();
    if (links > 0 && samples > kMaxLinkMetricsRows / links)
    {
        throw ScenarioLoadError(
            scenario.sourceFile.empty() ? scenario.name : scenario.sourceFile,
            {{"/simulation/linkMetricsInterval",
              FormatDuration(interval) + " over " + FormatDuration(duration) + " gives " +
                  std::to_string(samples) + " intervals x " + std::to_string(links) +
                  " circuit links and gateways = " + std::to_string(samples * links) +
                  " rows of links.csv, more than " + std::to_string(kMaxLinkMetricsRows) +
                  " (some 10 GB): choose a longer interval"}});
    }
}

/// How long a probe waits for its answer in this run (ns3::expressroute::ProbeSender::Timeout,
/// as the command line may have set it): when the customer learns of a lost probe.
Time
ProbeTimeout()
{
    TypeId::AttributeInformation info;
    TypeId tid;
    if (TypeId::LookupByNameFailSafe("ns3::expressroute::ProbeSender", &tid) &&
        tid.LookupAttributeByName("Timeout", &info))
    {
        if (auto v = DynamicCast<const TimeValue>(info.initialValue))
        {
            return v->Get();
        }
    }
    return Seconds(1);
}

} // namespace

void
QuiescentSwitches(const std::vector<std::string>& ns3Arguments, RunOptions& options)
{
    for (const auto& arg : ns3Arguments)
    {
        for (auto [type, slot] : {std::pair{"BfdAgent", &options.bfdQuiescent},
                                  std::pair{"BgpSession", &options.bgpQuiescent}})
        {
            const std::string prefix =
                std::string("--ns3::expressroute::") + type + "::Quiescent=";
            if (arg.rfind(prefix, 0) == 0)
            {
                const std::string v = arg.substr(prefix.size());
                // BooleanValue's spellings (the command line checked the form already)
                *slot = v == "true" || v == "1" || v == "t";
            }
        }
    }
}

RunResult
RunScenario(const Scenario& scenario,
            const RunOptions& options,
            Ptr<Geography> geography,
            Ptr<Backbone> backbone)
{
    const auto wallStart = std::chrono::steady_clock::now();
    RunResult result;
    result.seed = options.seed.value_or(scenario.simulation.seed.value_or(1));
    result.run = options.run.value_or(scenario.simulation.run.value_or(1));
    if (result.seed < 1 || result.seed > kMaxRngSeed)
    {
        throw std::invalid_argument("seed " + std::to_string(result.seed) +
                                    ": must be between 1 and " + std::to_string(kMaxRngSeed) +
                                    " (ns-3's random number generator refuses larger seeds)");
    }
    result.duration = options.duration.value_or(scenario.simulation.duration.value_or(Seconds(30)));
    result.planned = result.duration;
    result.warmup = options.warmup.value_or(kDefaultWarmup);
    result.engine = options.engine.value_or(scenario.simulation.engine.value_or("packet"));
    if (result.engine != "packet" && result.engine != "flow")
    {
        throw std::invalid_argument("unknown data-plane engine '" + result.engine +
                                    "' (expected packet or flow)");
    }
    // Questions that need packets are refused, not answered without them.
    if (result.engine == "flow" && options.pcap)
    {
        throw std::invalid_argument("--pcap needs packets: the flow engine computes rates and "
                                    "has none to capture; run with --engine=packet");
    }
    // A failure after the end would silently never happen (the loader checks the file's own
    // duration; this catches a shorter --duration).
    for (const auto& f : scenario.failures)
    {
        if (f.start >= result.duration)
        {
            throw ScenarioLoadError(scenario.sourceFile.empty() ? scenario.name : scenario.sourceFile,
                                    {{f.path + "/start",
                                      "starts at " + FormatDuration(f.start) +
                                          ", at or after the end of the run (" +
                                          FormatDuration(result.duration) +
                                          "): it would never happen"}});
        }
    }
    CheckLinkMetricsRows(scenario, result.duration);
    result.outDir = options.outDir.empty()
                        ? "runs/" + scenario.name + "-seed" + std::to_string(result.seed) +
                              "-run" + std::to_string(result.run)
                        : options.outDir;

    ConfigureNs3Defaults();
    // The one hook of the quiescent control plane (doc/engines.md): with the flow engine no data
    // packets keep sessions busy, so BFD and BGP skip their idle periodic packets; the user's
    // choice (RunOptions, from --ns3::expressroute::BfdAgent::Quiescent=...) wins.
    const ScopedBoolDefault bfdQuiescent("ns3::expressroute::BfdAgent", "Quiescent",
                                         options.bfdQuiescent.value_or(result.engine == "flow"));
    const ScopedBoolDefault bgpQuiescent("ns3::expressroute::BgpSession", "Quiescent",
                                         options.bgpQuiescent.value_or(result.engine == "flow"));
    RngSeedManager::SetSeed(result.seed);
    RngSeedManager::SetRun(result.run);

    // Written in place: the path shows this run's "running" from the start (an earlier run is
    // removed then), its rows as they are recorded, and its final status last.
    std::optional<RunDirectory> dir;
    std::unique_ptr<RunFiles> files;
    const nlohmann::ordered_json data = DataProvenance();
    const std::string scenarioMember = ScenarioMember(scenario);
    std::vector<std::string> fileNames{"run.json", "summary.json"};
    const auto& tables = RunFiles::GetFileNames();
    fileNames.insert(fileNames.end(), tables.begin(), tables.end());
    // run.json as it stands while the run goes on: the time reached so far.
    const auto runningJson = [&](Time reached) {
        RunResult now = result;
        now.duration = std::min(result.planned, std::max(Time(0), reached));
        now.wallSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
        std::vector<std::string> sofar = fileNames;
        sofar.erase(sofar.begin() + 1); // summary.json comes at the end
        return RunJson(scenario, now, "running", "", sofar, data, scenarioMember, options);
    };
    if (options.writeOutputs)
    {
        dir.emplace(result.outDir);
    }

    bool committed = false;
    try
    {
        // What can still be refused (the scenario's topology, --pcap-links naming no link) is
        // refused before the run directory takes its name: an earlier run there stays.
        auto builder = CreateObject<TopologyBuilder>();
        Ptr<Topology> topology = builder->Build(scenario, geography, backbone);
        topology->AssignStreams(0);
        if (options.pcap && !options.pcapLinks.empty())
        {
            SelectPcapLinks(*topology, options.pcapLinks);
        }
        if (dir)
        {
            // The directory takes its final name with its run.json: a reader never sees it
            // without one.
            dir->Write("run.json", runningJson(Time(0)));
            dir->Commit();
            result.keptAside = dir->GetKeptAside();
            committed = true;
            files = std::make_unique<RunFiles>(dir->GetPath());
        }
        if (options.onBuilt)
        {
            options.onBuilt(topology);
        }
        RunRecorder recorder;
        recorder.SetOrigin(result.warmup);
        if (scenario.simulation.probeRows.value_or(result.duration > kProbeRunsBeyond ? "runs"
                                                                                      : "each") ==
            "runs")
        {
            recorder.SetProbeRowSpan(kProbeRowSpan);
        }
        const Time metricsInterval = scenario.simulation.linkMetricsInterval.value_or(Seconds(1));
        std::unique_ptr<FlowWorkload> flows;
        if (result.engine == "flow")
        {
            flows = std::make_unique<FlowWorkload>(scenario, topology, recorder, result.duration);
        }
        else
        {
            InstallWorkload(scenario, topology, recorder, result.duration, result.duration + kDrain);
        }
        recorder.WatchControlPlane(topology);
        const auto failures = InstallFailures(scenario, topology, recorder, result.warmup);
        std::function<void()> reachAtStop;
        const auto reach = WatchFailureReach(scenario, topology, failures, result.warmup,
                                             result.duration, &reachAtStop);
        for (const auto& [at, action] : options.actions)
        {
            Simulator::Schedule(result.warmup + at, [action, topology]() { action(topology); });
        }
        recorder.WatchCircuitLinks(topology, metricsInterval, result.duration);
        recorder.WatchGateways(topology, metricsInterval, result.duration);
        if (files)
        {
            if (options.pcap)
            {
                files->CapturePcap(topology,
                                   options.pcapLinks.empty() ? DefaultPcapLinks()
                                                             : options.pcapLinks,
                                   options.pcapSnaplen);
            }
            files->Append(recorder); // the header lines
        }

        // Senders stop at the end of the scenario; receivers listen a little longer so that packets
        // still in flight then are delivered rather than counted as lost.
        const Time end = recorder.GetOrigin() + result.duration + kDrain;
        Simulator::Stop(end);
        // The first write error (a table, a capture, run.json), kept until the run stops.
        std::optional<std::string> writeError;
        auto lastCheckpoint = std::chrono::steady_clock::now();
        auto lastProgress = lastCheckpoint;
        const std::chrono::duration<double> progressEvery(options.progressEverySeconds);
        // A checkpoint takes at most a tenth of the wall time: when writing takes longer than
        // 0.1 s (a large flows.csv), the next one waits ten times as long.
        std::chrono::steady_clock::duration checkpointEvery = kCheckpointEvery;
        // A signal (expressroute-sim's SIGINT/SIGTERM handler) stops the run at the next check;
        // what was recorded so far is written, and run.json says it was interrupted. A write
        // error stops it too: run.json says failed.
        std::function<void()> watch = [&]() {
            const Time reached = std::max(Time(0), Simulator::Now() - result.warmup);
            if (files && std::chrono::steady_clock::now() - lastCheckpoint >= checkpointEvery)
            {
                const auto writeStart = std::chrono::steady_clock::now();
                // Rows first, then run.json: the time reached is never ahead of the rows.
                if (flows)
                {
                    flows->FillFlows();
                }
                files->Append(recorder);
                try
                {
                    dir->Write("run.json", runningJson(reached));
                }
                catch (const std::runtime_error& e)
                {
                    writeError = e.what();
                }
                lastCheckpoint = std::chrono::steady_clock::now();
                checkpointEvery = std::max<std::chrono::steady_clock::duration>(
                    kCheckpointEvery, 10 * (lastCheckpoint - writeStart));
            }
            if (options.progress && std::chrono::steady_clock::now() - lastProgress >= progressEvery)
            {
                lastProgress = std::chrono::steady_clock::now();
                RunProgress p;
                p.simulatedSeconds = Simulator::Now().GetSeconds();
                p.warmupSeconds = result.warmup.GetSeconds();
                p.plannedSeconds = result.planned.GetSeconds();
                p.endSeconds = end.GetSeconds();
                p.events = Simulator::GetEventCount();
                p.wallSeconds = std::chrono::duration<double>(lastProgress - wallStart).count();
                options.progress(p);
            }
            if (files && files->GetError() && !writeError)
            {
                writeError = files->GetError();
            }
            if (writeError || g_interruptRequested.load())
            {
                // What was simulated is what the run reached, not what was planned.
                result.duration = std::min(result.planned, reached);
                result.status = writeError ? "failed" : "interrupted";
                char at[96];
                std::snprintf(at, sizeof(at), "%.2f s of %g s", result.duration.GetSeconds(),
                              result.planned.GetSeconds());
                result.error = writeError ? *writeError
                                          : std::string("interrupted by a signal at scenario time ") +
                                                at;
                g_interruptRequested.store(false); // this run took the request
                Simulator::Stop();
                return;
            }
            Simulator::Schedule(kInterruptCheck, watch);
        };
        Simulator::Schedule(kInterruptCheck, watch);
        Simulator::Run();
        result.events = Simulator::GetEventCount();
        recorder.FlushProbes();
        if (flows)
        {
            flows->FillFlows();
        }
        const std::vector<LinkSample>& linkSamples = recorder.GetLinkSamples();
        result.pairs = SummarisePairs(recorder.GetProbes(), recorder.GetFlows(), [&scenario] {
            std::vector<std::string> names;
            for (const auto& p : scenario.probes)
            {
                names.push_back(p.name);
            }
            return names;
        }(), result.duration);
        result.links = SummariseLinks(linkSamples);
        result.gateways = SummariseGateways(recorder.GetGatewaySamples());
        if (options.keepLinkSamples)
        {
            result.linkSamples = linkSamples;
        }
        result.flows = recorder.GetFlows();
        if (result.status != "completed" && reachAtStop)
        {
            reachAtStop(); // the paths of failures still under way, as the run left them
        }
        result.failures = SummariseFailures(recorder.GetFailureEvents(),
                                            recorder.GetBgpEvents(),
                                            recorder.GetRouteChanges(),
                                            recorder.GetProbes(),
                                            linkSamples,
                                            result.duration,
                                            *reach,
                                            ProbeTimeout());
        result.wallSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();

        if (files)
        {
            // The summary is computed whatever the disk says; a write error makes the run
            // failed (and is returned, so that the summary is still printed), not thrown.
            files->Append(recorder);
            files->Close();
            if (files->GetError() && result.status != "failed")
            {
                result.status = "failed";
                result.error = *files->GetError();
            }
            try
            {
                dir->Write("summary.json",
                           FormatSummaryJson(result.pairs, result.links, result.flows,
                                             result.failures, result.gateways));
            }
            catch (const std::runtime_error& e)
            {
                if (result.status != "failed")
                {
                    result.status = "failed";
                    result.error = e.what();
                }
            }
            try
            {
                dir->Write("run.json",
                           RunJson(scenario, result, result.status, result.error, fileNames, data,
                                   scenarioMember, options));
            }
            catch (const std::runtime_error& e)
            {
                result.status = "failed";
                result.error += std::string(result.error.empty() ? "" : "; ") + e.what() +
                                " (run.json still says running)";
            }
        }
    }
    catch (const std::exception& e)
    {
        // The run did not complete: say so in run.json, in the run directory, and pass it on.
        if (dir && committed)
        {
            result.status = "failed";
            result.error = e.what();
            result.duration =
                std::min(result.planned, std::max(Time(0), Simulator::Now() - result.warmup));
            try
            {
                files.reset();
                dir->Write("run.json",
                           RunJson(scenario, result, "failed", e.what(), {"run.json"}, data,
                                   scenarioMember, options));
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
    Simulator::Destroy();
    return result;
}

std::string
FormatSummaryTable(const RunResult& r)
{
    std::ostringstream os;
    // Columns as wide as their longest name (an imported scenario's probe names are long).
    int probeW = 16;
    int siteW = 18;
    int vnetW = 18;
    for (const auto& p : r.pairs)
    {
        probeW = std::max(probeW, static_cast<int>(p.probe.size()));
        siteW = std::max(siteW, static_cast<int>(p.site.size()));
        vnetW = std::max(vnetW, static_cast<int>(p.vnet.size()));
    }
    char line[1024];
    std::snprintf(line,
                  sizeof(line),
                  "%-*s %-*s %-*s %9s %9s %9s %7s %12s\n",
                  probeW,
                  "probe",
                  siteW,
                  "site",
                  vnetW,
                  "vnet",
                  "rtt p50",
                  "rtt p99",
                  "loss %",
                  "outages",
                  "throughput");
    os << line;
    for (const auto& p : r.pairs)
    {
        char p50[16] = "      -";
        char p99[16] = "      -";
        if (p.answered)
        {
            std::snprintf(p50, sizeof(p50), "%6.2f ms", p.rttP50Ms);
            std::snprintf(p99, sizeof(p99), "%6.2f ms", p.rttP99Ms);
        }
        std::snprintf(line,
                      sizeof(line),
                      "%-*s %-*s %-*s %9s %9s %9.2f %7u %7.2f Mbps\n",
                      probeW,
                      p.probe.c_str(),
                      siteW,
                      p.site.c_str(),
                      vnetW,
                      p.vnet.c_str(),
                      p50,
                      p99,
                      p.lossPercent,
                      p.outages,
                      p.throughputBps / 1e6);
        os << line;
    }
    if (r.pairs.empty())
    {
        os << "(no probes)\n";
    }
    // Traffic between endpoints no probe joins (site to site, flow lists without probes):
    // otherwise the printed summary says nothing of it.
    struct Unprobed
    {
        uint64_t flows{0};
        uint64_t rxBytes{0};
        uint64_t udpSent{0};     ///< packets
        uint64_t udpReceived{0}; ///< packets
        uint64_t requests{0};    ///< RequestResponse: issued
        uint64_t answered{0};    ///< ... and answered completely
    };
    std::map<std::pair<std::string, std::string>, Unprobed> unprobed;
    for (const auto& f : r.flows)
    {
        const bool probed = std::any_of(r.pairs.begin(), r.pairs.end(), [&f](const PairSummary& p) {
            return (p.site == f.from && p.vnet == f.to) || (p.site == f.to && p.vnet == f.from);
        });
        if (!probed)
        {
            auto& u = unprobed[{f.from, f.to}];
            ++u.flows;
            u.rxBytes += f.rxBytes;
            if (f.protocol == "udp")
            {
                u.udpSent += f.txPackets;
                u.udpReceived += f.rxPackets;
            }
            u.requests += f.requests;
            u.answered += f.requestsCompleted;
        }
    }
    if (!unprobed.empty())
    {
        os << "\ntraffic no probe measures (flows.csv has each flow):\n";
        constexpr std::size_t kPrinted = 10;
        std::size_t k = 0;
        for (const auto& [ends, u] : unprobed)
        {
            if (k++ == kPrinted)
            {
                os << "  ... and " << unprobed.size() - kPrinted << " more pairs of endpoints\n";
                break;
            }
            char more[96] = "";
            if (u.udpSent > 0)
            {
                std::snprintf(more, sizeof(more), ", udp loss %.2f %%",
                              100.0 * (1.0 - static_cast<double>(u.udpReceived) /
                                                 static_cast<double>(u.udpSent)));
            }
            if (u.requests > 0)
            {
                const std::size_t n = std::strlen(more);
                std::snprintf(more + n, sizeof(more) - n, ", %llu of %llu requests answered",
                              static_cast<unsigned long long>(u.answered),
                              static_cast<unsigned long long>(u.requests));
            }
            std::snprintf(line,
                          sizeof(line),
                          "  %s -> %s: %llu flow%s, %.2f MB received%s\n",
                          ends.first.c_str(),
                          ends.second.c_str(),
                          static_cast<unsigned long long>(u.flows),
                          u.flows == 1 ? "" : "s",
                          u.rxBytes / 1e6,
                          more);
            os << line;
        }
    }
    if (std::any_of(r.pairs.begin(), r.pairs.end(),
                    [](const PairSummary& p) { return p.throughputBps > 0; }))
    {
        // A 1 Gbps circuit showing 1,194 Mbps is not a bug: say why.
        os << "\nthroughput: both directions added; both links of a circuit are counted, each "
              "at the purchased\nbandwidth, so a circuit carries up to 2x it per direction "
              "while both links are up.\n";
    }
    // A gateway over what Microsoft supports, or dropping at its caps: say so.
    std::vector<std::string> gatewayNotes;
    for (const auto& g : r.gateways)
    {
        if (g.routesLearnedSupported > 0 && g.peakRoutesLearned > g.routesLearnedSupported)
        {
            gatewayNotes.push_back(g.vnet + " (" + g.sku + ") learned up to " +
                                   std::to_string(g.peakRoutesLearned) + " routes, above the " +
                                   std::to_string(g.routesLearnedSupported) +
                                   " Microsoft supports for its SKU (https://learn.microsoft.com/"
                                   "azure/expressroute/expressroute-about-virtual-network-gateways); "
                                   "the model forwards on, Azure documents nothing beyond it");
        }
        if (g.droppedPackets > 0)
        {
            char peak[64];
            std::snprintf(peak, sizeof(peak), "%.2f", std::max(g.peakBitsToVnetBps, g.peakBitsFromVnetBps) / 1e6);
            gatewayNotes.push_back(g.vnet + " (" + g.sku + ", " + std::to_string(g.throughputBps / 1000000) +
                                   " Mbps) dropped " + std::to_string(g.droppedPackets) +
                                   " packets at its caps (peak " + peak + " Mbps; gateways.csv)");
        }
    }
    if (!gatewayNotes.empty())
    {
        os << "\ngateways:\n";
        for (const auto& n : gatewayNotes)
        {
            os << "  " << n << "\n";
        }
    }
    if (!r.failures.empty())
    {
        os << "\nfailures:\n";
        for (const auto& f : r.failures)
        {
            os << "  " << FormatFailureHeadline(f) << "\n";
            // Per pair; a large run's other pairs are in summary.json.
            constexpr std::size_t kPrinted = 10;
            for (std::size_t k = 0; k < f.pairs.size() && k < kPrinted; ++k)
            {
                os << "    " << FormatFailurePair(f.pairs[k]) << "\n";
            }
            if (f.pairs.size() > kPrinted)
            {
                os << "    ... and " << f.pairs.size() - kPrinted
                   << " more pairs (summary.json failures[].pairs)\n";
            }
        }
    }
    return os.str();
}

} // namespace expressroute
} // namespace ns3
