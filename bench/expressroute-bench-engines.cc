// SPDX-License-Identifier: GPL-2.0-only
// Benchmark: the flow engine against the packet engine, the same scenario in both, in one
// process. Per scenario it prints the per-flow throughput error (median, p90), the per-link,
// per-interval utilisation error (median, p90; intervals the packet engine saw at least 1 %
// busy), probes lost, the largest probe RTT p50 difference, each failure's outage window
// (start, longest probe outage), Bulk completion times and the wall-time ratio.
// Goals (doc/engines.md): throughput and utilisation within 5 % median and 10 % p90, RTT p50
// within 1 ms, outage windows within 10 % or 0.3 s, completion time p50 within 10 %.
//   expressroute-bench-engines [--scenarios=a.json,b.json] [--sites=4,8,16] [--duration=120s]
#include "expressroute-backbone-reader.h"
#include "expressroute-command-line.h"
#include "expressroute-enterprise-generator.h"
#include "expressroute-geography-reader.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"
#include "expressroute-topology.h"

#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/node-list.h"
#include "ns3/object-vector.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue.h"
#include "ns3/simulator.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-base.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

double
Quantile(std::vector<double> v, double q)
{
    if (v.empty())
    {
        return NAN;
    }
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(std::min<double>(v.size() - 1, q * (v.size() - 1) + 0.5))];
}

std::vector<std::string>
Split(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ','))
    {
        if (!item.empty())
        {
            out.push_back(item);
        }
    }
    return out;
}

extern uint32_t g_lastCwnd;

/// The packet engine's TCP data sockets (peer port 5001), traced: each congestion state change
/// and slow-start threshold change with the window, the largest window and RTT (--trace-tcp).
void
WatchTcpSockets(std::shared_ptr<std::set<Socket*>> seen)
{
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        auto tcp = NodeList::GetNode(n)->GetObject<TcpL4Protocol>();
        if (!tcp)
        {
            continue;
        }
        ObjectVectorValue sockets;
        tcp->GetAttribute("SocketList", sockets);
        for (auto it = sockets.Begin(); it != sockets.End(); ++it)
        {
            auto sock = DynamicCast<TcpSocketBase>(it->second);
            Address peer;
            if (!sock || seen->count(PeekPointer(sock)) || sock->GetPeerName(peer) != 0 ||
                InetSocketAddress::ConvertFrom(peer).GetPort() != 5001)
            {
                continue;
            }
            seen->insert(PeekPointer(sock));
            auto cwnd = std::make_shared<uint32_t>(0);
            auto maxCwnd = std::make_shared<uint32_t>(0);
            const uint32_t id = n;
            std::printf("    tcp node %u socket start at %.4f s\n", id,
                        Simulator::Now().GetSeconds());
            sock->TraceConnectWithoutContext(
                "CongestionWindow", Callback<void, uint32_t, uint32_t>([cwnd, maxCwnd](uint32_t, uint32_t v) {
                    *cwnd = v;
                    *maxCwnd = std::max(*maxCwnd, v);
                    g_lastCwnd = v;
                }));
            sock->TraceConnectWithoutContext(
                "SlowStartThreshold",
                Callback<void, uint32_t, uint32_t>([id, cwnd, maxCwnd](uint32_t, uint32_t v) {
                    std::printf("    tcp node %u %.4f s ssthresh %u cwnd %u max cwnd %u\n", id,
                                Simulator::Now().GetSeconds(), v, *cwnd, *maxCwnd);
                }));
            sock->TraceConnectWithoutContext(
                "CongState",
                Callback<void, TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t>(
                    [id, cwnd](TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t v) {
                        std::printf("    tcp node %u %.4f s state %s cwnd %u\n", id,
                                    Simulator::Now().GetSeconds(),
                                    TcpSocketState::TcpCongStateName[v], *cwnd);
                    }));
            auto rtts = std::make_shared<uint32_t>(0);
            sock->TraceConnectWithoutContext(
                "RTT", Callback<void, Time, Time>([id, cwnd, rtts](Time, Time v) {
                    if ((*rtts)++ % 200 == 0)
                    {
                        std::printf("    tcp node %u %.4f s rtt %.2f ms cwnd %u\n", id,
                                    Simulator::Now().GetSeconds(), v.GetSeconds() * 1e3, *cwnd);
                    }
                }));
        }
    }
    Simulator::Schedule(MilliSeconds(1), &WatchTcpSockets, seen);
}

bool g_traceTcp = false;
/// The window of the last traced socket that changed it (--trace-tcp's drop lines).
uint32_t g_lastCwnd = 0;

/// The first drops at each device queue (--trace-tcp): where slow start's overshoot is lost.
void
WatchQueueDrops(Ptr<Topology> topology)
{
    for (const auto& link : topology->GetLinks())
    {
        int side = 0;
        for (const auto& dev : {link.devA, link.devB})
        {
            auto p2p = DynamicCast<PointToPointNetDevice>(dev);
            if (!p2p)
            {
                continue;
            }
            auto drops = std::make_shared<int>(0);
            const std::string name = link.name + (side++ == 0 ? " (A)" : " (B)");
            Ptr<Queue<Packet>> queue = p2p->GetQueue();
            Queue<Packet>* raw = PeekPointer(queue);
            queue->TraceConnectWithoutContext(
                "Drop", Callback<void, Ptr<const Packet>>([name, drops, raw](Ptr<const Packet> p) {
                    if ((*drops)++ < 3)
                    {
                        std::printf("    drop %s %.6f s size %u queue %u packets, cwnd %u\n",
                                    name.c_str(), Simulator::Now().GetSeconds(), p->GetSize(),
                                    raw->GetNPackets(), g_lastCwnd);
                    }
                }));
        }
    }
}

RunResult
RunOne(const Scenario& scenario, const std::string& engine, Time duration, Ptr<Geography> g,
       Ptr<Backbone> b)
{
    Config::Reset();
    RunOptions o;
    if (g_traceTcp && engine == "packet")
    {
        o.actions.emplace_back(Time(0), [](Ptr<Topology> topology) {
            WatchQueueDrops(topology);
            WatchTcpSockets(std::make_shared<std::set<Socket*>>());
        });
    }
    o.engine = engine;
    o.writeOutputs = false;
    o.keepLinkSamples = true;
    if (duration.IsStrictlyPositive())
    {
        o.duration = duration;
    }
    return RunScenario(scenario, o, g, b);
}

void
Compare(const std::string& name, const RunResult& p, const RunResult& f)
{
    std::vector<double> tput;
    std::vector<std::string> completions;
    for (std::size_t i = 0; i < p.flows.size() && i < f.flows.size(); ++i)
    {
        const double a = FlowThroughputBps(p.flows[i]);
        const double b = FlowThroughputBps(f.flows[i]);
        if (a > 0)
        {
            tput.push_back(std::abs(b - a) / a);
        }
        if (p.flows[i].kind == "Bulk" && p.flows[i].lastRx && f.flows[i].lastRx)
        {
            char line[160];
            std::snprintf(line, sizeof(line), "%s %.2f/%.2f s", p.flows[i].flow.c_str(),
                          (*p.flows[i].lastRx - p.flows[i].start).GetSeconds(),
                          (*f.flows[i].lastRx - f.flows[i].start).GetSeconds());
            completions.push_back(line);
        }
    }
    std::vector<double> util;
    for (std::size_t i = 0; i < p.linkSamples.size() && i < f.linkSamples.size(); ++i)
    {
        const auto& a = p.linkSamples[i];
        const auto& b = f.linkSamples[i];
        for (auto [x, y] : {std::pair{a.bitsIn, b.bitsIn}, std::pair{a.bitsOut, b.bitsOut}})
        {
            const double secs = (a.end - a.start).GetSeconds();
            if (secs > 0 && a.rateBps > 0 && x / secs >= 0.01 * a.rateBps)
            {
                util.push_back(std::abs(double(y) - double(x)) / double(x));
            }
        }
    }
    double rttErr = 0;
    uint32_t lostP = 0;
    uint32_t lostF = 0;
    for (std::size_t i = 0; i < p.pairs.size() && i < f.pairs.size(); ++i)
    {
        lostP += p.pairs[i].probesLost;
        lostF += f.pairs[i].probesLost;
        if (p.pairs[i].answered && f.pairs[i].answered)
        {
            rttErr = std::max(rttErr, std::abs(p.pairs[i].rttP50Ms - f.pairs[i].rttP50Ms));
        }
    }
    std::printf("%-28s flows %3zu tput err p50 %5.1f%% p90 %5.1f%% | link util err p50 %5.1f%% "
                "p90 %5.1f%% (%zu) | probes lost %u/%u | rtt p50 max diff %.2f ms | wall %.1f/%.2f s "
                "= %.0fx\n",
                name.c_str(), tput.size(), 100 * Quantile(tput, 0.5), 100 * Quantile(tput, 0.9),
                100 * Quantile(util, 0.5), 100 * Quantile(util, 0.9), util.size(), lostP, lostF,
                rttErr, p.wallSeconds, f.wallSeconds, p.wallSeconds / std::max(1e-6, f.wallSeconds));
    for (std::size_t i = 0; i < p.failures.size() && i < f.failures.size(); ++i)
    {
        std::printf("    failure %s %s at %.1f s: longest outage %.2f / %.2f s, probes lost %u / %u\n",
                    p.failures[i].kind.c_str(), p.failures[i].target.c_str(), p.failures[i].startS,
                    p.failures[i].longestOutageS, f.failures[i].longestOutageS,
                    p.failures[i].probesLost, f.failures[i].probesLost);
    }
    for (const auto& c : completions)
    {
        std::printf("    completion (packet/flow) %s\n", c.c_str());
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string scenarios;
    std::string sites = "4,8,16";
    std::string duration = "120s";
    std::string examples = "examples/scenarios";
    ProgramCommandLine cmd(__FILE__,
                           "Benchmark: the flow engine against the packet engine on the same "
                           "scenarios, in one process: per-flow throughput and per-interval link "
                           "utilisation errors, probes lost, RTT p50 difference, outage windows, "
                           "Bulk completion times and the wall-time ratio (goals: doc/engines.md).");
    cmd.AddValue("scenarios", "comma-separated scenario files (default: examples/scenarios)", scenarios);
    cmd.AddListValue("examples", "folder of example scenarios run when --scenarios is not "
                     "given (--examples= for none)", examples);
    cmd.AddListValue("sites", "generated enterprises to run, comma-separated site counts "
                     "(--sites= for none)", sites);
    cmd.AddValue("duration", "simulated time of each generated enterprise", duration);
    cmd.AddValue("trace-tcp", "prints the packet engine's TCP data sockets' congestion states, "
                 "thresholds, windows and RTTs", g_traceTcp);
    cmd.Parse(argc, argv);
    auto geography = ReadGeography();
    auto backbone = ReadBackbone(DefaultDataDir(), geography);
    std::vector<std::string> files = Split(scenarios);
    if (files.empty() && !examples.empty())
    {
        for (const auto& e : std::filesystem::directory_iterator(examples))
        {
            if (e.path().extension() == ".json")
            {
                files.push_back(e.path().string());
            }
        }
        std::sort(files.begin(), files.end());
    }
    const Time length = ParseDuration(duration).value_or(Seconds(120));
    try
    {
        for (const auto& file : files)
        {
            const Scenario s = LoadScenarioFile(file, geography);
            Compare(s.name, RunOne(s, "packet", Time(0), geography, backbone),
                    RunOne(s, "flow", Time(0), geography, backbone));
        }
        for (const auto& n : Split(sites))
        {
            EnterpriseOptions o;
            o.sites = static_cast<uint32_t>(std::stoul(n));
            o.duration = length;
            const Scenario s = LoadScenarioString(GenerateEnterprise(o, geography).scenarioJson,
                                                  "generated-" + n, geography);
            Compare("generated-" + n, RunOne(s, "packet", length, geography, backbone),
                    RunOne(s, "flow", length, geography, backbone));
        }
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
