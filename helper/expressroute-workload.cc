// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-workload.h"

#include "expressroute-probe.h"
#include "expressroute-request-response.h"

#include "ns3/address.h"
#include "ns3/boolean.h"
#include "ns3/bulk-send-application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/packet.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include "ns3/data-rate.h"
#include "ns3/simulator.h"

#include <cmath>
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
                    recorder.AddProbe({name, site, vnet, seq, sent - recorder.GetOrigin(), rtt, ok});
                }));
    }

    uint16_t port = kFirstFlowPort;
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
            client->AssignStreams(3'000'000 + 2 * static_cast<int64_t>(index));
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
            ++port;
            continue;
        }
        rec.protocol = udp ? "udp" : "tcp";
        rec.from = t.from;
        rec.to = t.to;
        rec.start = t.start;
        rec.stop = flowStop;
        const std::size_t index = recorder.AddFlow(rec);

        const TypeId factory = udp ? UdpSocketFactory::GetTypeId() : TcpSocketFactory::GetTypeId();
        auto sink = CreateObject<PacketSink>();
        sink->SetAttribute("Protocol", TypeIdValue(factory));
        sink->SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address::GetAny(), port)));
        dst.node->AddApplication(sink);
        sink->SetStartTime(recorder.GetOrigin());
        sink->SetStopTime(recorder.GetOrigin() + listenUntil);
        // The path taken: the routers' forwarding choices for the flow's real 5-tuple, traced
        // when its first packet arrives.
        const uint32_t srcNode = src.node->GetId();
        const uint8_t proto = udp ? 17 : 6;
        sink->TraceConnectWithoutContext(
            "RxWithAddresses",
            Callback<void, Ptr<const Packet>, const Address&, const Address&>(
                [&recorder, index, topology, srcNode, proto, dstAddr = dst.address, port](Ptr<const Packet> p,
                                                              const Address& from,
                                                              const Address&) {
                    if (recorder.GetFlow(index).rxPackets == 0)
                    {
                        const auto f = InetSocketAddress::ConvertFrom(from);
                        std::string path;
                        for (const auto& hop : topology->TracePath(srcNode,
                                                                   f.GetIpv4().Get(),
                                                                   dstAddr,
                                                                   proto,
                                                                   f.GetPort(),
                                                                   port))
                        {
                            path += (path.empty() ? "" : ">") + hop;
                        }
                        recorder.GetFlow(index).path = path;
                    }
                    recorder.CountRx(index, p->GetSize());
                }));

        Ptr<Application> app;
        const Address remote = InetSocketAddress(Ipv4Address(dst.address), port);
        if (udp)
        {
            OnOffHelper onoff("ns3::UdpSocketFactory", remote);
            onoff.SetConstantRate(DataRate(*t.rateBps), t.packetSize.value_or(1200));
            app = onoff.Install(src.node).Get(0);
            if (t.diurnal)
            {
                ScheduleDiurnal(app, *t.rateBps, *t.diurnal, recorder.GetOrigin() + t.start,
                                recorder.GetOrigin(), recorder.GetOrigin() + flowStop);
            }
        }
        else
        {
            auto bulk = CreateObject<BulkSendApplication>();
            bulk->SetAttribute("Protocol", TypeIdValue(factory));
            bulk->SetAttribute("Remote", AddressValue(remote));
            bulk->SetAttribute("MaxBytes", UintegerValue(t.bytes.value_or(0)));
            src.node->AddApplication(bulk);
            app = bulk;
        }
        app->SetStartTime(recorder.GetOrigin() + t.start);
        app->SetStopTime(recorder.GetOrigin() + flowStop);
        app->TraceConnectWithoutContext("Tx",
                                        Callback<void, Ptr<const Packet>>(
                                            [&recorder, index](Ptr<const Packet> p) {
                                                recorder.CountTx(index, p->GetSize());
                                            }));
        ++port;
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
    // every second of simulated time.
    const Time step = std::min(Seconds(1), profile.period / 96);
    for (Time t = from; t < until; t += step)
    {
        const uint64_t rate =
            std::max<uint64_t>(1000, static_cast<uint64_t>(rateBps * DiurnalFactor(profile, t - origin)));
        if (t == from)
        {
            app->SetAttribute("DataRate", DataRateValue(DataRate(rate)));
            continue;
        }
        Simulator::Schedule(t, [app, rate]() {
            app->SetAttribute("DataRate", DataRateValue(DataRate(rate)));
        });
    }
}

} // namespace expressroute
} // namespace ns3
