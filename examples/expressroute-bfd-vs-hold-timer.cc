// SPDX-License-Identifier: GPL-2.0-only
// Example: how long a silent link failure black-holes traffic, with BFD and without.
//
// One site in Frankfurt, one circuit at the Frankfurt peering location, one VNet in Germany West
// Central, eight connection-monitor probes every 100 ms. At --failAt the circuit's primary link
// stops delivering (the interfaces stay up: a silent failure). With BFD (300 ms x 3) the BGP
// session is torn down in under a second; without it the session lives until the hold timer
// expires: 180 s with Microsoft's defaults (references.md §3, §8).
//
//   ./build/bin/expressroute-bfd-vs-hold-timer --bfd=0
//   ./build/bin/expressroute-bfd-vs-hold-timer --bfd=1 --failAt=10s --duration=30s
#include "expressroute-backbone-reader.h"
#include "expressroute-command-line.h"
#include "expressroute-geography-reader.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"

#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/pointer.h"
#include "ns3/string.h"

#include <iostream>

using namespace ns3;
using namespace ns3::expressroute;

int
main(int argc, char* argv[])
{
    bool bfd = false;
    std::string failAt = "10s";
    std::string duration = "200s";
    std::string out;
    ProgramCommandLine cmd(__FILE__,
                           "How long a silent link failure black-holes traffic, with BFD and "
                           "without: one Frankfurt circuit, eight probes every 100 ms, the "
                           "primary link stops delivering at --failAt.");
    cmd.AddValue("bfd", "BFD on the private peering", bfd);
    cmd.AddValue("failAt", "scenario time of the silent failure of the primary link", failAt);
    cmd.AddValue("duration", "simulated time", duration);
    cmd.AddValue("out", "run directory (default: runs/bfd-<on|off>-seed<S>-run<R>)", out);
    cmd.SetMetavar("failAt", "DURATION");
    cmd.SetMetavar("duration", "DURATION");
    cmd.SetMetavar("out", "DIR");
    cmd.Parse(argc, argv);
    const auto fail = ParseDuration(failAt);
    const auto dur = ParseDuration(duration);
    if (!fail || !dur || *fail >= *dur)
    {
        std::cerr << "error: --failAt and --duration must be durations (e.g. 10s) with failAt < duration\n";
        return 2;
    }
    std::string probes;
    for (int i = 0; i < 8; ++i)
    {
        probes += (i ? "," : "") + std::string(R"({"name": "p)") + std::to_string(i) +
                  R"(", "site": "hq", "vnet": "v1", "interval": "100ms"})";
    }
    const std::string json = R"({
  "name": "bfd-)" + std::string(bfd ? "on" : "off") + R"(",
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [{"name": "c1", "site": "hq", "provider": "prov", "peeringLocation": "Frankfurt",
    "tier": "Standard", "bandwidth": "1Gbps",
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.0/29", "vlan": 100, "bfd": )" +
                             std::string(bfd ? "true" : "false") + R"(}],
    "vnetLinks": [{"vnet": "v1"}]}],
  "vnets": [{"name": "v1", "region": "Germany West Central", "addressSpace": ["10.1.0.0/16"], "gateway": {"sku": "ErGw1Az"}}],
  "probes": [)" + probes + R"(]
})";
    try
    {
        auto geography = ReadGeography();
        auto backbone = ReadBackbone(DefaultDataDir(), geography);
        const Scenario scenario = LoadScenarioString(json, "bfd-vs-hold-timer", geography);
        RunOptions options;
        options.outDir = out;
        options.duration = *dur;
        options.actions.emplace_back(*fail, [](Ptr<Topology> topology) {
            const auto& link = topology->GetLinks()[*topology->FindLink("circuit/c1/primary")];
            for (auto dev : {link.devA, link.devB})
            {
                auto em = CreateObject<RateErrorModel>();
                em->SetAttribute("ErrorRate", DoubleValue(1.0));
                em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
                dev->SetAttribute("ReceiveErrorModel", PointerValue(em));
            }
        });
        const RunResult r = RunScenario(scenario, options, geography, backbone);
        double worst = 0;
        uint32_t lost = 0;
        for (const auto& p : r.pairs)
        {
            worst = std::max(worst, p.longestOutageS);
            lost += p.probesLost;
        }
        std::cout << "BFD " << (bfd ? "on" : "off") << ": primary link fails silently at "
                  << fail->GetSeconds() << " s\n"
                  << "longest outage seen by a probe: " << worst << " s (" << lost
                  << " probes lost; " << r.pairs.size() << " probes every 100 ms)\n"
                  << "run directory: " << r.outDir << "\n";
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
