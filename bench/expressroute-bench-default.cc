// SPDX-License-Identifier: GPL-2.0-only
// Benchmark: simulator events per wall-clock second of the default scenario against a bare ns-3
// point-to-point chain (global routing, OnOff UDP, PacketSink) that moves the same number of
// application packets over the same number of hops, measured in the same process. Prints the
// ratio (goal >= 0.8: the model's routing, monitors and traces cost at most 20 %).
#include "expressroute-backbone-reader.h"
#include "expressroute-command-line.h"
#include "expressroute-geography-reader.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"

#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

struct Measure
{
    uint64_t events{0};
    double wall{0};
    double EventsPerSecond() const { return events / wall; }
};

/// A chain of @p hops point-to-point links at 10 Gbps, 1 ms each, carrying @p packets UDP
/// packets of 1200 bytes at a constant rate over @p seconds.
Measure
RunChain(uint32_t hops, uint64_t packets, double seconds)
{
    const auto start = std::chrono::steady_clock::now();
    NodeContainer nodes;
    nodes.Create(hops + 1);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    Ipv4AddressHelper addr("10.0.0.0", "255.255.255.252");
    Ipv4InterfaceContainer last;
    for (uint32_t i = 0; i < hops; ++i)
    {
        auto devs = p2p.Install(nodes.Get(i), nodes.Get(i + 1));
        last = addr.Assign(devs);
        // Plain device queues, as the model uses (Assign installs FqCoDel otherwise).
        TrafficControlHelper::Default().Uninstall(devs);
        addr.NewNetwork();
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    const uint64_t bps = static_cast<uint64_t>(packets * 1200 * 8 / seconds);
    OnOffHelper onoff("ns3::UdpSocketFactory", InetSocketAddress(last.GetAddress(1), 9));
    onoff.SetConstantRate(DataRate(bps), 1200);
    auto app = onoff.Install(nodes.Get(0));
    app.Start(Seconds(0));
    app.Stop(Seconds(seconds));
    PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    sink.Install(nodes.Get(hops));
    Simulator::Stop(Seconds(seconds + 1));
    Simulator::Run();
    Measure m;
    m.events = Simulator::GetEventCount();
    Simulator::Destroy();
    m.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return m;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t repeats = 3;
    ProgramCommandLine cmd(__FILE__,
                           "Benchmark: simulator events per wall second of the default scenario "
                           "against a bare ns-3 point-to-point chain moving the same application "
                           "packets over the same hops, in the same process; prints the ratio "
                           "(goal >= 0.8).");
    cmd.AddValue("repeats", "alternating repetitions; the best of each is kept", repeats);
    cmd.Parse(argc, argv);

    auto geography = ReadGeography();
    auto backbone = ReadBackbone(DefaultDataDir(), geography);
    const Scenario scenario =
        LoadScenarioString(DefaultScenarioJson(), "(embedded default)", geography);

    Measure best{0, 1e9};
    Measure bestChain{0, 1e9};
    uint64_t packets = 0;
    uint32_t hops = 0;
    double seconds = 0;
    for (uint32_t i = 0; i < repeats; ++i)
    {
        Config::Reset();
        RunOptions options;
        options.writeOutputs = false;
        const auto start = std::chrono::steady_clock::now();
        const RunResult r = RunScenario(scenario, options, geography, backbone);
        Measure m{r.events,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
        if (m.wall < best.wall)
        {
            best = m;
        }
        // Application packets of the run, and their typical hop count (site host to VM).
        packets = 0;
        std::size_t longest = 0;
        for (const auto& f : r.flows)
        {
            packets += f.txPackets;
            longest = std::max<std::size_t>(longest, std::count(f.path.begin(), f.path.end(), '>'));
        }
        for (const auto& p : r.pairs)
        {
            packets += 2ull * p.probesSent;
        }
        hops = static_cast<uint32_t>(std::max<std::size_t>(longest, 1));
        seconds = r.duration.GetSeconds();

        Config::Reset();
        const Measure c = RunChain(hops, packets, seconds);
        if (c.wall < bestChain.wall)
        {
            bestChain = c;
        }
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    std::printf("default scenario: %llu events in %.3f s wall = %.0f events/s\n",
                static_cast<unsigned long long>(best.events),
                best.wall,
                best.EventsPerSecond());
    std::printf("bare p2p chain:   %llu events in %.3f s wall = %.0f events/s "
                "(%llu packets over %u hops in %.0f s)\n",
                static_cast<unsigned long long>(bestChain.events),
                bestChain.wall,
                bestChain.EventsPerSecond(),
                static_cast<unsigned long long>(packets),
                hops,
                seconds);
    std::printf("ratio (default / chain, events per wall second): %.3f  [goal >= 0.8]\n",
                best.EventsPerSecond() / bestChain.EventsPerSecond());
    std::printf("peak memory: %.1f MiB\n", usage.ru_maxrss / 1024.0);
    return 0;
}
