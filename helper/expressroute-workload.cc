// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-random-streams.h"
#include "expressroute-workload.h"

#include "expressroute-constant-rate-sender.h"
#include "expressroute-probe.h"
#include "expressroute-request-response.h"
#include "expressroute-scenario-loader.h"

#include "ns3/address.h"
#include "ns3/boolean.h"
#include "ns3/bulk-send-application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/packet-sink.h"
#include "ns3/packet.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include "ns3/data-rate.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteWorkload");

namespace
{
/// Traffic flows listen on consecutive ports from here.
constexpr uint16_t kFirstFlowPort = 5001;
constexpr uint16_t kProbePort = 8084;

uint32_t
UplinkAddress(Ptr<Node> host)
{
    // Interface 1 is the host's first uplink (0 is the loopback).
    return host->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal().Get();
}

/// The shared receiver of one host and protocol: which flow a packet belongs to is told by
/// its source address and port, registered when the flow's sender opens its socket.
struct SharedSink
{
    uint32_t node{0};
    uint32_t address{0};
    uint8_t protocol{0};
    struct Sender
    {
        std::size_t flow;
        uint32_t node; ///< the sending host
    };
    /// By sending host and port: a host with two uplinks sends from either address (an unbound
    /// UDP socket takes the address of the uplink its route picks, and moves when it fails
    /// over), so the source address alone does not name the flow.
    std::map<std::pair<uint32_t, uint16_t>, Sender> flowOf;
    std::map<uint32_t, uint32_t> hostOf; ///< each sending host's addresses -> its node id
};

std::string
JoinPath(const std::vector<std::string>& nodes)
{
    std::string path;
    for (const auto& hop : nodes)
    {
        path += (path.empty() ? "" : ">") + hop;
    }
    return path;
}

/// A flow's paths over time (flows.csv path_kinds), traced at its sender: at its first packet
/// sent, and again at the first it sends after anything that may move a path
/// (RunRecorder::GetRoutingEpoch), so that a path black-holed by a failure shows, which no
/// packet arriving can tell, and a change is timed within a packet interval.
struct SentPaths
{
    std::size_t flow{0};
    uint32_t node{0};     ///< the sending host
    uint32_t src{0};      ///< its address, 0: an unbound UDP socket's (the route's interface)
    uint32_t dst{0};
    uint8_t protocol{0};
    uint16_t srcPort{0};
    uint64_t traced{UINT64_MAX}; ///< the recorder's routing epoch when the path was traced

    void Sent(const Topology& topology, RunRecorder& recorder)
    {
        if (traced == recorder.GetRoutingEpoch())
        {
            return;
        }
        traced = recorder.GetRoutingEpoch();
        bool delivered = false;
        const auto nodes = topology.TracePath(node, src, dst, protocol, srcPort, kFirstFlowPort,
                                              nullptr, &delivered);
        std::string path = JoinPath(nodes);
        if (!delivered && (nodes.empty() || nodes.back() != "(no route)"))
        {
            path += ">(no route)"; // a link down or silenced, or a gateway instance gone
        }
        auto& f = recorder.GetFlow(flow);
        if (f.paths.empty() || f.paths.back().second != path)
        {
            f.paths.emplace_back(Simulator::Now() - recorder.GetOrigin(), path);
        }
    }
};

/// A flow to start: what its sender application needs.
struct FlowSender
{
    Endpoint src;
    uint32_t dstAddress{0};
    bool udp{false};
    uint64_t rateBps{0};
    uint32_t packetSize{1200};
    uint64_t bytes{0};
    std::optional<DiurnalProfile> diurnal;
    Time duration;
    std::size_t flow{0};
};

std::shared_ptr<SharedSink>
InstallSink(const Endpoint& dst,
            bool udp,
            RunRecorder& recorder,
            Ptr<Topology> topology,
            Time listenUntil)
{
    auto shared = std::make_shared<SharedSink>();
    shared->node = dst.node->GetId();
    shared->address = dst.address;
    shared->protocol = udp ? 17 : 6;
    auto sink = CreateObject<PacketSink>();
    sink->SetAttribute("Protocol",
                       TypeIdValue(udp ? UdpSocketFactory::GetTypeId() : TcpSocketFactory::GetTypeId()));
    sink->SetAttribute("Local",
                       AddressValue(InetSocketAddress(Ipv4Address::GetAny(), kFirstFlowPort)));
    dst.node->AddApplication(sink);
    sink->SetStartTime(recorder.GetOrigin());
    sink->SetStopTime(listenUntil);
    // The sink's callback owns the shared state (which holds no pointer back to the sink).
    sink->TraceConnectWithoutContext(
        "RxWithAddresses",
        Callback<void, Ptr<const Packet>, const Address&, const Address&>(
            [&recorder, topology, s = shared](Ptr<const Packet> p, const Address& from, const Address&) {
                const auto f = InetSocketAddress::ConvertFrom(from);
                const auto host = s->hostOf.find(f.GetIpv4().Get());
                auto it = host == s->hostOf.end() ? s->flowOf.end()
                                                  : s->flowOf.find({host->second, f.GetPort()});
                if (it == s->flowOf.end())
                {
                    return; // a straggler of a flow whose port was taken by a newer one
                }
                auto& flow = recorder.GetFlow(it->second.flow);
                if (flow.rxPackets == 0)
                {
                    // flows.csv's path: the routers' forwarding choices for the flow's real
                    // 5-tuple when its first packet arrives.
                    flow.path = JoinPath(topology->TracePath(it->second.node,
                                                             f.GetIpv4().Get(),
                                                             s->address,
                                                             s->protocol,
                                                             f.GetPort(),
                                                             kFirstFlowPort));
                }
                recorder.CountRx(it->second.flow, p->GetSize());
            }));
    return shared;
}

/// ns-3 gives each host the ephemeral ports 49152-65535 for its sockets: refuses, before the
/// run, traffic that could hold more of them at once on one host (a flow holds its socket from
/// its start until its stop, or the end of the run when it has none).
void
CheckConcurrentFlows(const Scenario& scenario, Time stop)
{
    constexpr std::size_t kEphemeralPorts = 65535 - 49152 + 1;
    std::map<std::string, std::vector<std::pair<Time, int>>> edges; // per source: +1 / -1
    std::map<std::string, const TrafficSpec*> first;
    for (const auto& t : scenario.traffic)
    {
        if (t.kind == TrafficKind::RequestResponse)
        {
            continue; // its connections are short and counted by the client itself
        }
        const Time end = t.stop ? std::min(*t.stop, stop) : stop;
        if (t.start < end)
        {
            edges[t.from].push_back({t.start, +1});
            edges[t.from].push_back({end, -1});
            first.emplace(t.from, &t);
        }
    }
    for (auto& [from, e] : edges)
    {
        std::sort(e.begin(), e.end()); // an end before a start at the same time
        std::size_t open = 0;
        for (const auto& [at, d] : e)
        {
            open += d;
            if (open > kEphemeralPorts)
            {
                throw ScenarioLoadError(
                    scenario.sourceFile,
                    {{first.at(from)->path,
                      "more than " + std::to_string(kEphemeralPorts) + " flows from '" + from +
                          "' would be open at once at " + FormatDuration(at) +
                          " (ns-3 gives a host 16,384 ephemeral ports): give the flows stop "
                          "times, or spread them over more sites"}});
            }
        }
    }
}

/// Creates and starts the sender of a flow now; its first transmission registers its source
/// port with the receiver.
void
StartSender(const FlowSender& f,
            const std::shared_ptr<SharedSink>& sink,
            Ptr<Topology> topology,
            RunRecorder& recorder)
{
    const Address remote = InetSocketAddress(Ipv4Address(f.dstAddress), kFirstFlowPort);
    Ptr<Application> app;
    if (f.udp)
    {
        auto sender = CreateObject<ConstantRateSender>();
        sender->SetAttribute("Remote", AddressValue(remote));
        sender->SetAttribute("DataRate", DataRateValue(DataRate(f.rateBps)));
        sender->SetAttribute("PacketSize", UintegerValue(f.packetSize));
        // One stream per flow record (model/expressroute-random-streams.h).
        sender->AssignStreams(RandomStream(StreamKind::FlowSender, f.flow));
        app = sender;
    }
    else
    {
        auto bulk = CreateObject<BulkSendApplication>();
        bulk->SetAttribute("Protocol", TypeIdValue(TcpSocketFactory::GetTypeId()));
        bulk->SetAttribute("Remote", AddressValue(remote));
        bulk->SetAttribute("MaxBytes", UintegerValue(f.bytes));
        app = bulk;
    }
    f.src.node->AddApplication(app);
    app->SetStartTime(Time(0));
    app->SetStopTime(f.duration);
    if (f.udp && f.diurnal)
    {
        ScheduleDiurnal(app, f.rateBps, *f.diurnal, Simulator::Now(), recorder.GetOrigin(),
                        Simulator::Now() + f.duration);
    }
    const SharedSink::Sender sender{f.flow, f.src.node->GetId()};
    std::weak_ptr<SharedSink> weak = sink;
    Application* raw = PeekPointer(app);
    const bool udp = f.udp;
    auto paths = std::make_shared<SentPaths>();
    paths->flow = f.flow;
    paths->node = f.src.node->GetId();
    paths->dst = f.dstAddress;
    paths->protocol = udp ? 17 : 6;
    app->TraceConnectWithoutContext(
        "Tx",
        Callback<void, Ptr<const Packet>>([&recorder, sender, weak, raw, udp, paths, topology](
                                              Ptr<const Packet> p) {
            const std::size_t index = sender.flow;
            auto& flow = recorder.GetFlow(index);
            if (flow.txPackets == 0)
            {
                Ptr<Socket> socket = udp ? static_cast<ConstantRateSender*>(raw)->GetSocket()
                                         : static_cast<BulkSendApplication*>(raw)->GetSocket();
                Address local;
                socket->GetSockName(local);
                const auto bound = InetSocketAddress::ConvertFrom(local);
                paths->srcPort = bound.GetPort();
                if (!udp)
                {
                    // TCP's segments, retransmissions included, are its packets sent (the
                    // application's Tx is a write into the socket's buffer); its address is
                    // fixed at connect.
                    paths->src = bound.GetIpv4().Get();
                    using TcpTx = Callback<void, Ptr<const Packet>, const TcpHeader&,
                                           Ptr<const TcpSocketBase>>;
                    socket->TraceConnectWithoutContext(
                        "Tx",
                        TcpTx([paths, topology, &recorder](Ptr<const Packet>, const TcpHeader&,
                                                           Ptr<const TcpSocketBase>) {
                            paths->Sent(*topology, recorder);
                        }));
                }
                if (auto s = weak.lock())
                {
                    auto ipv4 = raw->GetNode()->GetObject<Ipv4>();
                    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
                    {
                        for (uint32_t a = 0; a < ipv4->GetNAddresses(i); ++a)
                        {
                            s->hostOf[ipv4->GetAddress(i, a).GetLocal().Get()] = sender.node;
                        }
                    }
                    s->flowOf[{sender.node, bound.GetPort()}] = sender;
                }
            }
            paths->Sent(*topology, recorder);
            recorder.CountTx(index, p->GetSize());
        }));
}

} // namespace

Endpoint
ResolveEndpoint(Ptr<Topology> topology, const std::string& name)
{
    if (auto site = topology->GetSite(name))
    {
        return {site->GetHosts().front(), UplinkAddress(site->GetHosts().front())};
    }
    auto vnet = topology->GetVnet(name);
    NS_ABORT_MSG_IF(!vnet, "unknown endpoint '" << name << "'");
    return {vnet->GetHosts().front(), UplinkAddress(vnet->GetHosts().front())};
}

Endpoint
ResolvePublicHost(Ptr<Topology> topology, const std::string& site)
{
    auto node = topology->GetNode("site/" + site + "/public1");
    return {node, UplinkAddress(node)};
}

Endpoint
ResolveService(Ptr<Topology> topology, const std::string& region)
{
    auto node = topology->GetNode("microsoft/" + region);
    return {node, UplinkAddress(node)};
}

void
InstallWorkload(const Scenario& scenario,
                Ptr<Topology> topology,
                RunRecorder& recorder,
                Time stop,
                Time listenUntil)
{
    std::set<uint32_t> responders;
    for (const auto& p : scenario.probes)
    {
        const Endpoint src = p.service.empty() ? ResolveEndpoint(topology, p.site)
                                               : ResolvePublicHost(topology, p.site);
        const Endpoint dst = p.service.empty() ? ResolveEndpoint(topology, p.vnet)
                                               : ResolveService(topology, p.service);
        if (responders.insert(dst.node->GetId()).second)
        {
            auto responder = CreateObject<ProbeResponder>();
            responder->SetAttribute("Port", UintegerValue(kProbePort));
            dst.node->AddApplication(responder);
            responder->SetStartTime(recorder.GetOrigin());
            responder->SetStopTime(recorder.GetOrigin() + listenUntil);
        }
        auto sender = CreateObject<ProbeSender>();
        if (p.interval)
        {
            sender->SetAttribute("Interval", TimeValue(*p.interval));
        }
        if (p.protocol)
        {
            sender->SetAttribute("Protocol", StringValue(*p.protocol));
        }
        sender->SetRemote(Ipv4Address(dst.address), kProbePort);
        src.node->AddApplication(sender);
        sender->SetStartTime(recorder.GetOrigin());
        sender->SetStopTime(recorder.GetOrigin() + stop);
        const std::string name = p.name;
        const std::string site = p.site;
        const std::string vnet = p.vnet;
        sender->TraceConnectWithoutContext(
            "ProbeCompleted",
            Callback<void, uint32_t, Time, Time, bool>(
                [&recorder, name, site, vnet](uint32_t seq, Time sent, Time rtt, bool ok) {
                    recorder.AddProbe(
                        {name, site, vnet, seq, sent - recorder.GetOrigin(), rtt, ok, 1, Time(0)});
                }));
    }

    CheckConcurrentFlows(scenario, stop);
    // Request/response servers listen on a port of their own each, from kFirstFlowPort + 1;
    // the other traffic shares one sink per receiving host and protocol on kFirstFlowPort.
    uint16_t rrPort = kFirstFlowPort + 1;
    std::map<std::pair<uint32_t, bool>, std::shared_ptr<SharedSink>> sinks;
    for (const auto& t : scenario.traffic)
    {
        const Endpoint src = ResolveEndpoint(topology, t.from);
        const Endpoint dst = ResolveEndpoint(topology, t.to);
        const Time flowStop = t.stop ? std::min(*t.stop, stop) : stop;
        const bool udp = t.kind == TrafficKind::ConstantRate;
        FlowRecord rec;
        rec.flow = t.name;
        rec.kind = udp ? "ConstantRate" : "Bulk";
        if (t.kind == TrafficKind::RequestResponse)
        {
            NS_ABORT_MSG_IF(rrPort == kProbePort || rrPort == 0, "request/response ports exhausted");
            const uint16_t port = rrPort++;
            rec.kind = "RequestResponse";
            rec.protocol = "tcp";
            rec.from = t.from;
            rec.to = t.to;
            rec.start = t.start;
            rec.stop = flowStop;
            const std::size_t index = recorder.AddFlow(rec);
            auto server = CreateObject<RequestResponseServer>();
            server->SetPort(port);
            dst.node->AddApplication(server);
            server->SetStartTime(recorder.GetOrigin());
            server->SetStopTime(recorder.GetOrigin() + listenUntil);
            auto client = CreateObject<RequestResponseClient>();
            client->Configure(Ipv4Address(dst.address), port, t.requestsPerSecond,
                              {t.requestBytes.min, t.requestBytes.max, t.requestBytes.mean},
                              {t.responseBytes.min, t.responseBytes.max, t.responseBytes.mean});
            client->AssignStreams(RandomStream(StreamKind::RequestResponse, 2 * uint64_t{index}));
            src.node->AddApplication(client);
            client->SetStartTime(recorder.GetOrigin() + t.start);
            client->SetStopTime(recorder.GetOrigin() + flowStop);
            client->TraceConnectWithoutContext(
                "Tx", Callback<void, Ptr<const Packet>>([&recorder, index](Ptr<const Packet> p) {
                    recorder.CountTx(index, p->GetSize());
                }));
            client->TraceConnectWithoutContext(
                "RequestDone",
                Callback<void, uint32_t, Time, bool>(
                    [&recorder, index](uint32_t bytes, Time completion, bool ok) {
                        auto& f = recorder.GetFlow(index);
                        ++f.requests;
                        recorder.CountRx(index, bytes);
                        if (ok)
                        {
                            ++f.requestsCompleted;
                            f.completionS.push_back(completion.GetSeconds());
                        }
                    }));
            continue;
        }
        rec.protocol = udp ? "udp" : "tcp";
        rec.from = t.from;
        rec.to = t.to;
        rec.start = t.start;
        rec.stop = flowStop;
        const std::size_t index = recorder.AddFlow(rec);
        if (t.start >= flowStop)
        {
            continue; // starts when the run is over
        }
        auto& sink = sinks[{dst.node->GetId(), udp}];
        if (!sink)
        {
            sink = InstallSink(dst, udp, recorder, topology, recorder.GetOrigin() + listenUntil);
        }
        // The sender is created when the flow starts, so that a flow list of a million rows
        // costs a record and an event each until then, not an application and its socket.
        FlowSender sender{src, dst.address, udp, t.rateBps.value_or(0), t.packetSize.value_or(1200),
                          t.bytes.value_or(0), t.diurnal, flowStop - t.start, index};
        Simulator::Schedule(recorder.GetOrigin() + t.start,
                            [sender, sink, topology, &recorder]() {
                                StartSender(sender, sink, topology, recorder);
                            });
    }
}

double
DiurnalFactor(const DiurnalProfile& p, Time t)
{
    const double phase = 2.0 * M_PI * (t - p.peak).GetSeconds() / p.period.GetSeconds();
    return p.minimum + (1.0 - p.minimum) * (1.0 + std::cos(phase)) / 2.0;
}

void
ScheduleDiurnal(Ptr<Application> app,
                uint64_t rateBps,
                const DiurnalProfile& profile,
                Time from,
                Time origin,
                Time until)
{
    // The rate is updated in 96 steps per period (every 15 minutes of a 24 h day), at least
    // every second of simulated time; each step schedules the next, so that a day-long flow
    // holds one pending event, not 86,400.
    const Time step = std::min(Seconds(1), profile.period / 96);
    const uint64_t rate = std::max<uint64_t>(
        1000, static_cast<uint64_t>(rateBps * DiurnalFactor(profile, from - origin)));
    if (from == Simulator::Now())
    {
        app->SetAttribute("DataRate", DataRateValue(DataRate(rate)));
    }
    else
    {
        Simulator::Schedule(from - Simulator::Now(), [app, rate]() {
            app->SetAttribute("DataRate", DataRateValue(DataRate(rate)));
        });
    }
    if (from + step < until)
    {
        Simulator::Schedule(from + step - Simulator::Now(), [=]() {
            ScheduleDiurnal(app, rateBps, profile, from + step, origin, until);
        });
    }
}

} // namespace expressroute
} // namespace ns3
