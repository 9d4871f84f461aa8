// SPDX-License-Identifier: GPL-2.0-only
// expressroute-emulate: a scenario in real time with a site's edge router replaced by a real
// router (BIRD, FRR, ...) in a Linux network namespace, peering over eBGP and BFD with the
// simulated MSEEs. doc/emulation.md.
#include "expressroute-backbone-reader.h"
#include "expressroute-csv-reader.h"
#include "expressroute-emulation.h"
#include "expressroute-geography-reader.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"

#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/global-value.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

extern "C" void
OnSignal(int)
{
    RequestInterrupt(); // the run stops at its next check and writes what it has
}

/// How much of the run (warm-up included) the speed check simulates at most.
const Time kCheckSpan = Seconds(15);

/// The speed check: the scenario without the real-time scheduler, as fast as it goes, stopped
/// as soon as it falls behind @p maxLoad x the wall clock. Returns wall seconds per simulated
/// second.
double
MeasureLoad(const Scenario& scenario,
            const RunOptions& base,
            double maxLoad,
            Ptr<Geography> geography,
            Ptr<Backbone> backbone)
{
    RunOptions check = base;
    check.writeOutputs = false;
    using Clock = std::chrono::steady_clock;
    auto start = std::make_shared<Clock::time_point>();
    auto ratio = std::make_shared<double>(0);
    check.onBuilt = [start, ratio, maxLoad](Ptr<Topology>) {
        Simulator::ScheduleNow([start]() { *start = Clock::now(); });
        // 100 ms of simulated time between checks; a quarter second of grace for start-up.
        auto watch = std::make_shared<std::function<void()>>();
        *watch = [start, ratio, maxLoad, watch]() {
            const double wall = std::chrono::duration<double>(Clock::now() - *start).count();
            const double sim = Simulator::Now().GetSeconds();
            *ratio = wall / sim;
            if (wall > maxLoad * sim + 0.25 || Simulator::Now() >= kCheckSpan)
            {
                Simulator::Stop();
                return;
            }
            Simulator::Schedule(MilliSeconds(100), *watch);
        };
        Simulator::Schedule(MilliSeconds(100), *watch);
    };
    RunScenario(scenario, check, geography, backbone);
    return *ratio;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string scenarioFile;
    std::string attach;
    std::string outDir;
    std::string duration;
    int64_t seed = -1;
    int64_t run = -1;
    double maxLoad = 0.5;
    CommandLine cmd(__FILE__);
    cmd.Usage("Runs an ExpressRoute scenario in real time with a site's edge router replaced by "
              "a real router in a network namespace (doc/emulation.md). Needs root and "
              "/dev/net/tun.");
    cmd.AddValue("scenario", "scenario JSON file", scenarioFile);
    cmd.AddValue("attach", "SITE/ce1=netns:NAME[,ce2=netns:NAME2]: the site's CE routers to hand "
                           "to network namespaces", attach);
    cmd.AddValue("out", "run directory (default: runs/<scenario>-seed<S>-run<R>)", outDir);
    cmd.AddValue("seed", "RNG seed, 1 to 4294944442 (default: the scenario's, else 1)", seed);
    cmd.AddValue("run", "RNG run number, >= 1 (default: the scenario's, else 1)", run);
    cmd.AddValue("duration", "scenario time, e.g. 30s (default: the scenario's)", duration);
    cmd.AddValue("max-load", "refuse to start when simulating takes more than this fraction of "
                             "the wall clock (measured on the first 15 s, warm-up included)", maxLoad);
    cmd.Parse(argc, argv);

    try
    {
        if (scenarioFile.empty() || attach.empty())
        {
            std::cerr << "error: --scenario=FILE and --attach=SITE/ce1=netns:NAME are required\n";
            return 2;
        }
        if (!(maxLoad > 0 && maxLoad <= 1))
        {
            std::cerr << "error: --max-load=" << maxLoad << ": must be above 0 and at most 1\n";
            return 2;
        }
        const auto attachments = ParseAttachSpec(attach);
        const auto missing = CheckEmulationHost(attachments);
        if (!missing.empty())
        {
            std::cerr << "error: emulation cannot start; missing:\n";
            for (const auto& m : missing)
            {
                std::cerr << "  - " << m << "\n";
            }
            return 1;
        }
        RunOptions options;
        options.outDir = outDir;
        QuiescentSwitches(std::vector<std::string>(argv + 1, argv + argc), options);
        options.program = "expressroute-emulate";
        options.engine = "packet"; // a real router sends packets
        if (seed != -1)
        {
            if (seed < 1 || seed > kMaxRngSeed)
            {
                std::cerr << "error: --seed=" << seed << ": must be between 1 and " << kMaxRngSeed
                          << "\n";
                return 2;
            }
            options.seed = static_cast<uint32_t>(seed);
        }
        if (run != -1)
        {
            if (run < 1)
            {
                std::cerr << "error: --run=" << run << ": must be 1 or more\n";
                return 2;
            }
            options.run = static_cast<uint64_t>(run);
        }
        if (!duration.empty())
        {
            auto d = ParseDuration(duration);
            if (!d || !d->IsStrictlyPositive())
            {
                std::cerr << "error: --duration=" << duration
                          << ": expected a positive duration such as 30s, 500ms or 2min\n";
                return 2;
            }
            options.duration = *d;
        }
        auto geography = ReadGeography();
        auto backbone = ReadBackbone(DefaultDataDir(), geography);
        const Scenario loaded = LoadScenarioFile(scenarioFile, geography);
        if (loaded.simulation.engine.value_or("packet") != "packet")
        {
            std::cerr << "error: " << scenarioFile << ": /simulation/engine: emulation runs the "
                      << "packet engine (a real router exchanges packets), not '"
                      << *loaded.simulation.engine << "'\n";
            return 1;
        }
        const auto errors = CheckAttachments(loaded, attachments);
        if (!errors.empty())
        {
            for (const auto& e : errors)
            {
                std::cerr << "error: " << scenarioFile << ": " << e << "\n";
            }
            return 1;
        }
        std::vector<std::string> dropped;
        const Scenario scenario = WithoutAttachedWorkload(loaded, attachments, dropped);
        for (const auto& d : dropped)
        {
            std::cout << "not run: " << d << "\n";
        }

        // Real hosts check checksums: ns-3 computes them only when asked.
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        const double load = MeasureLoad(scenario, options, maxLoad, geography, backbone);
        std::printf("speed check: simulating takes %.1f %% of the wall clock (at most %.0f %%)\n",
                    load * 100, maxLoad * 100);
        if (load > maxLoad)
        {
            std::cerr << "error: the scenario cannot keep up with the wall clock: simulating it "
                         "takes "
                      << static_cast<int>(load * 100 + 0.5)
                      << " % of real time on this machine, more than --max-load="
                      << maxLoad << "; shorten the workload (traffic rates, probes) or the "
                                    "topology\n";
            return 1;
        }

        GlobalValue::Bind("SimulatorImplementationType",
                          StringValue("ns3::RealtimeSimulatorImpl"));
        Emulation emulation(attachments);
        const Time warmup = Seconds(5);
        options.warmup = warmup;
        options.onBuilt = [&emulation](Ptr<Topology> topology) {
            emulation.Attach(topology);
            for (const auto& t : emulation.GetLinks())
            {
                std::cout << "attached: " << t.netns << " " << t.interface << " (" << t.circuit
                          << " " << t.role << "): customer";
                for (const auto& a : t.customerAddresses)
                {
                    std::cout << " " << a;
                }
                std::cout << " AS " << t.customerAsn << ", MSEE";
                for (const auto& a : t.mseeAddresses)
                {
                    std::cout << " " << a;
                }
                std::cout << " AS " << t.mseeAsn << ", BFD " << (t.bfd ? "on" : "off") << "\n";
            }
            std::cout << std::flush;
        };
        options.runJsonExtra = [&emulation, warmup]() {
            return std::vector<std::pair<std::string, std::string>>{
                {"emulation", emulation.ToJson(warmup)}};
        };
        std::signal(SIGINT, OnSignal);
        std::signal(SIGTERM, OnSignal);
        std::signal(SIGXFSZ, SIG_IGN);
        const RunResult result = RunScenario(scenario, options, geography, backbone);
        std::cout << "scenario " << scenario.name << ", " << result.duration.GetSeconds()
                  << " s in real time (" << result.warmup.GetSeconds() << " s warm-up first)\n\n"
                  << FormatSummaryTable(result);
        std::printf("\nworst real-time lag: %.1f ms (at scenario time %.2f s)\n",
                    emulation.GetWorstLag().GetSeconds() * 1e3,
                    (emulation.GetWorstLagAt() - warmup).GetSeconds());
        std::cout << "run directory: " << result.outDir << "\n";
        if (result.status != "completed")
        {
            std::cerr << "error: " << result.error << "; run.json says " << result.status << "\n";
            return result.status == "interrupted" ? 130 : 1;
        }
        return 0;
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
    catch (const ScenarioLoadError& e)
    {
        std::cerr << e.what() << "\n";
        return 1;
    }
    catch (const std::exception& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
