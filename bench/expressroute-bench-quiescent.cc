// SPDX-License-Identifier: GPL-2.0-only
// Benchmark: what the quiescent control plane (doc/engines.md) saves on a generated enterprise
// with its traffic off, so that BFD, keepalives (and the probes, unless --probes=false) are all
// that moves. Runs the same scenario with quiescence off and on, alternating, keeps the best
// wall time of each, and prints simulator events, wall time and simulated seconds per wall
// second, and the ratios.
#include "expressroute-backbone-reader.h"
#include "expressroute-command-line.h"
#include "expressroute-enterprise-generator.h"
#include "expressroute-geography-reader.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"

#include "ns3/boolean.h"
#include "ns3/config.h"

#include <chrono>
#include <cstdio>
#include <iostream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

struct Measure
{
    uint64_t events{0};
    double wall{1e9};
    double simulated{0};
};

Measure
RunOnce(const Scenario& scenario, bool quiescent, Ptr<Geography> geography, Ptr<Backbone> backbone)
{
    Config::Reset();
    RunOptions options;
    options.bfdQuiescent = quiescent;
    options.bgpQuiescent = quiescent;
    options.writeOutputs = false;
    const auto start = std::chrono::steady_clock::now();
    const RunResult r = RunScenario(scenario, options, geography, backbone);
    Measure m;
    m.events = r.events;
    m.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m.simulated = (r.duration + r.warmup).GetSeconds();
    return m;
}

void
Print(const char* name, const Measure& m)
{
    std::printf("%-14s %12llu events  %8.3f s wall  %10.0f events/s  %8.1f simulated s per wall s\n",
                name,
                static_cast<unsigned long long>(m.events),
                m.wall,
                m.events / m.wall,
                m.simulated / m.wall);
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t sites = 16;
    std::string duration = "5min";
    uint32_t repeats = 2;
    bool probes = true;
    ProgramCommandLine cmd(__FILE__,
                           "Benchmark: what the quiescent control plane (doc/engines.md) saves on "
                           "a generated enterprise with its traffic off: the same scenario with "
                           "quiescence off and on, alternating; prints events, wall time, "
                           "simulated seconds per wall second and the ratios.");
    cmd.AddValue("sites", "sites of the generated enterprise (two circuits each)", sites);
    cmd.AddValue("duration", "simulated time after the 5 s warm-up", duration);
    cmd.AddValue("repeats", "alternating repetitions; the best of each is kept", repeats);
    cmd.AddValue("probes", "keep the generated probes (one per site, every second)", probes);
    cmd.Parse(argc, argv);
    try
    {
        auto geography = ReadGeography();
        auto backbone = ReadBackbone(DefaultDataDir(), geography);
        EnterpriseOptions options;
        options.sites = sites;
        options.duration = Time(duration);
        const Enterprise e = GenerateEnterprise(options, geography);
        Scenario scenario = LoadScenarioString(e.scenarioJson, "(generated)", geography);
        scenario.traffic.clear();
        if (!probes)
        {
            scenario.probes.clear();
        }
        Measure off;
        Measure on;
        for (uint32_t i = 0; i < repeats; ++i)
        {
            const Measure a = RunOnce(scenario, false, geography, backbone);
            off = a.wall < off.wall ? a : off;
            const Measure b = RunOnce(scenario, true, geography, backbone);
            on = b.wall < on.wall ? b : on;
        }
        std::printf("generated enterprise: %u sites, %u circuits, traffic off, probes %s, %s "
                    "simulated (+5 s warm-up)\n",
                    sites,
                    2 * sites,
                    probes ? "on" : "off",
                    duration.c_str());
        Print("packets", off);
        Print("quiescent", on);
        std::printf("events: %.1fx fewer; wall time: %.1fx shorter\n",
                    static_cast<double>(off.events) / on.events,
                    off.wall / on.wall);
    }
    catch (const std::exception& e)
    {
        std::cerr << "expressroute-bench-quiescent: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
