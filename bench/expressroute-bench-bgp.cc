// SPDX-License-Identifier: GPL-2.0-only
// Benchmark: the control plane of N BGP sessions (default 1,000), each carrying P prefixes
// (default 100) each way, converging from start. Routers in pairs over point-to-point links,
// eBGP with the model's speaker; reports wall time to convergence, simulated convergence time,
// memory, and BGP messages per wall second. Goal: under 30 s wall for 1,000 x 100.
#include "expressroute-bgp-speaker.h"
#include "expressroute-command-line.h"
#include "expressroute-fib-routing-helper.h"
#include "expressroute-simulation.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <chrono>
#include <cstdio>
#include <sys/resource.h>

using namespace ns3;
using namespace ns3::expressroute;

int
main(int argc, char* argv[])
{
    uint32_t sessions = 1000;
    uint32_t prefixes = 100;
    ProgramCommandLine cmd(__FILE__,
                           "Benchmark of the control plane: N BGP sessions, each carrying P "
                           "prefixes each way, converging from start (routers in pairs, eBGP with "
                           "the model's speaker). Prints the wall time to convergence, the "
                           "simulated convergence time, memory and BGP messages per wall second; "
                           "the goal is under 30 s wall for 1,000 x 100.");
    cmd.AddValue("sessions", "number of BGP sessions", sessions);
    cmd.AddValue("prefixes", "prefixes each side originates", prefixes);
    cmd.Parse(argc, argv);
    ConfigureNs3Defaults();

    const auto start = std::chrono::steady_clock::now();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.SetRoutingHelper(FibRoutingHelper());
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    std::vector<Ptr<BgpSpeaker>> speakers;
    uint64_t lastChange = 0;
    uint64_t established = 0;
    for (uint32_t i = 0; i < sessions; ++i)
    {
        NodeContainer pair;
        pair.Create(2);
        stack.Install(pair);
        auto devs = p2p.Install(pair);
        const uint32_t base = (100u << 24) | (i << 2); // 100.0.0.0/8 in /30s
        for (uint32_t k = 0; k < 2; ++k)
        {
            auto ip = pair.Get(k)->GetObject<Ipv4>();
            const uint32_t ifc = ip->AddInterface(devs.Get(k));
            ip->AddAddress(ifc, Ipv4InterfaceAddress(Ipv4Address(base + 1 + k), Ipv4Mask("255.255.255.252")));
            ip->SetUp(ifc);
        }
        for (uint32_t k = 0; k < 2; ++k)
        {
            auto s = CreateObject<BgpSpeaker>();
            s->SetAttribute("Asn", UintegerValue(k == 0 ? 65001 : 12076));
            s->SetAttribute("RouterId", Ipv4AddressValue(Ipv4Address(base + 1 + k)));
            BgpPeerConfig c;
            c.name = "s" + std::to_string(i);
            c.localAddress = Ipv4Address(base + 1 + k);
            c.peerAddress = Ipv4Address(base + 2 - k);
            c.peerAsn = k == 0 ? 12076 : 65001;
            c.passive = k == 1;
            s->AddPeer(c);
            for (uint32_t p = 0; p < prefixes; ++p)
            {
                // 10.0.0.0/8 and 11.0.0.0/8, /24s: distinct per session and side.
                s->Originate(Ipv4Prefix{((10u + k) << 24) | ((i * prefixes + p) << 8 & 0x00ffff00u) |
                                            0,
                                        24});
            }
            s->TraceConnectWithoutContext(
                "BestPathChanged",
                Callback<void, std::string, std::string, std::string>(
                    [&lastChange](std::string, std::string, std::string) {
                        lastChange = Simulator::Now().GetNanoSeconds();
                    }));
            s->TraceConnectWithoutContext(
                "SessionStateChanged",
                Callback<void, std::string, std::string, std::string>(
                    [&established](std::string, std::string, std::string to) {
                        established += to == "Established";
                    }));
            pair.Get(k)->AddApplication(s);
            speakers.push_back(s);
        }
    }
    Simulator::Stop(Seconds(30));
    Simulator::Run();
    uint64_t messages = 0;
    uint64_t learned = 0;
    for (const auto& s : speakers)
    {
        messages += s->GetSession(0)->GetMessagesReceived();
        learned += s->GetAdjRibInSize(0);
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    Simulator::Destroy();
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    std::printf("sessions: %u, prefixes per side: %u\n", sessions, prefixes);
    std::printf("established: %llu of %u session ends\n", static_cast<unsigned long long>(established),
                2 * sessions);
    std::printf("prefixes learned: %llu (expected %llu)\n", static_cast<unsigned long long>(learned),
                2ull * sessions * prefixes);
    std::printf("converged at simulated %.3f s (last best-path change)\n", lastChange / 1e9);
    std::printf("wall time: %.2f s (30 s of simulated time, keepalives included) [goal < 30 s]\n", wall);
    std::printf("BGP messages received: %llu, %.0f per wall second\n",
                static_cast<unsigned long long>(messages), messages / wall);
    std::printf("peak memory: %.1f MiB\n", usage.ru_maxrss / 1024.0);
    return 0;
}
