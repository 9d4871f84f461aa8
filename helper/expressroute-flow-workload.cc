// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-random-streams.h"
#include "expressroute-flow-workload.h"

#include "expressroute-flow-engine.h"
#include "expressroute-probe.h"
#include "expressroute-topology-builder.h"
#include "expressroute-topology.h"
#include "expressroute-workload.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <memory>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteFlowWorkload");

namespace
{
constexpr uint16_t kFlowPort = 5001;  // the packet engine's shared sink port
constexpr uint16_t kProbePort = 8084;
// ns-3's ephemeral ports are 49152-65535, handed out in turn from 49153 (Ipv4EndPointDemux).
constexpr uint16_t kFirstEphemeral = 49153;
constexpr double kUdpIpHeaderBytes = 28;
constexpr double kTcpPayloadBytes = 1448; // ns3::TcpSocket::SegmentSize as the run sets it
constexpr double kInitialWindowBytes = 10 * kTcpPayloadBytes; // ns-3's TcpSocket::InitialCwnd
} // namespace

struct FlowWorkload::State
{
    Ptr<FlowEngine> engine;
    RunRecorder* recorder{nullptr};
    struct Flow
    {
        std::size_t record;
        uint32_t engineFlow;
        double payloadShare; ///< payload bytes per wire byte (UDP)
        uint32_t packetSize;
        bool udp;
        bool started;
    };
    std::vector<Flow> flows;
    std::map<uint32_t, std::size_t> flowOfEngineFlow; ///< engine flow -> index in flows
    std::vector<std::size_t> circuitLinks;
    /// per circuit link: the engine's bits in, out, dropped in, dropped out at the last sample
    std::vector<std::array<double, 4>> lastSample;
    std::array<double, 4> Bits(std::size_t link) const
    {
        // In: edge (node A) to MSEE (node B), direction 0.
        return {engine->GetLinkBits(link, 0),
                engine->GetLinkBits(link, 1),
                engine->GetLinkDroppedBits(link, 0),
                engine->GetLinkDroppedBits(link, 1)};
    }
    /// per source node and protocol: the next ephemeral port (ns-3 allocates them in order)
    std::map<std::pair<uint32_t, uint8_t>, uint16_t> nextPort;
    /// What to do when an engine flow completes (request/response steps), by engine flow.
    std::map<uint32_t, std::function<void()>> onComplete;
    uint16_t Port(uint32_t node, uint8_t protocol)
    {
        auto [it, fresh] = nextPort.try_emplace({node, protocol}, kFirstEphemeral);
        const uint16_t p = it->second;
        it->second = it->second == 65535 ? 49152 : it->second + 1;
        return p;
    }
};

namespace
{

/// One RequestResponse entry's requests as flows (doc/engines.md): Poisson arrivals and sizes
/// drawn from the packet engine's random streams in its order, so the same requests; each a
/// request flow (after the handshake and the request's way there: 3 one-way delays) and, once it
/// is delivered, a response flow (1 one-way delay). The completion time is from the arrival to
/// the response's last byte. A request still open when the traffic stops counts as not completed.
void
InstallRequests(FlowWorkload::State* s,
                const TrafficSpec& t,
                std::size_t record,
                const Endpoint& client,
                const Endpoint& server,
                Time origin,
                Time stop)
{
    auto arrivals = CreateObject<ExponentialRandomVariable>();
    arrivals->SetAttribute("Mean", DoubleValue(1.0 / t.requestsPerSecond));
    auto uniform = CreateObject<UniformRandomVariable>();
    // RequestResponseClient::AssignStreams as the packet workload calls it for this record.
    arrivals->SetStream(RandomStream(StreamKind::RequestResponse, 2 * uint64_t{record}));
    uniform->SetStream(RandomStream(StreamKind::RequestResponse, 2 * uint64_t{record} + 1));
    const auto draw = [uniform](const SizeSpec& d) {
        const double v = d.mean > 0 ? -d.mean * std::log(1.0 - uniform->GetValue())
                                    : d.min + uniform->GetValue() * (d.max - d.min);
        return static_cast<uint32_t>(std::clamp<double>(std::round(v), d.min, d.max));
    };
    auto open = std::make_shared<uint32_t>(0); // requests issued and not finished
    auto stopped = std::make_shared<bool>(false);
    auto issue = std::make_shared<std::function<void()>>();
    std::weak_ptr<std::function<void()>> weak = issue;
    *issue = [=]() {
        if (*stopped)
        {
            return;
        }
        if (auto self = weak.lock())
        {
            Simulator::Schedule(Seconds(arrivals->GetValue()), *self);
        }
        const uint32_t request = std::max<uint32_t>(8, draw(t.requestBytes)); // its 8-byte header
        const uint32_t response = draw(t.responseBytes);
        const Time issued = Simulator::Now();
        auto& rec = s->recorder->GetFlow(record);
        rec.txBytes += request;
        rec.txPackets += (request + 1447) / 1448;
        ++*open;
        FlowEngine::FlowSpec req;
        req.srcNode = client.node->GetId();
        req.src = client.address;
        req.dst = server.address;
        req.protocol = 6;
        req.srcPort = s->Port(req.srcNode, 6);
        req.dstPort = kFlowPort;
        req.elastic = true;
        req.bytes = request;
        req.startupDelays = 3;
        const uint32_t a = s->engine->AddFlow(req);
        s->onComplete[a] = [=]() {
            const auto done = [=]() {
                if (*stopped)
                {
                    return; // cut by the end of the traffic: counted then
                }
                auto& r = s->recorder->GetFlow(record);
                ++r.requests;
                ++r.requestsCompleted;
                r.rxBytes += response;
                r.rxPackets += (response + 1447) / 1448;
                r.completionS.push_back((Simulator::Now() - issued).GetSeconds());
                if (!r.firstRx)
                {
                    r.firstRx = Simulator::Now() - origin;
                }
                r.lastRx = Simulator::Now() - origin;
                --*open;
            };
            if (response == 0)
            {
                done();
                return;
            }
            FlowEngine::FlowSpec resp = req;
            std::swap(resp.src, resp.dst);
            std::swap(resp.srcPort, resp.dstPort);
            resp.srcNode = server.node->GetId();
            resp.bytes = response;
            // Its way back, then one round trip per further slow-start round (an initial window
            // of 10 segments, doubling): a short response is a few round trips, not a share.
            const double rounds =
                std::ceil(std::log2(static_cast<double>(response) / kInitialWindowBytes + 1.0));
            resp.startupDelays = 1 + 2 * std::max(0.0, rounds - 1);
            const uint32_t b = s->engine->AddFlow(resp);
            s->onComplete[b] = done;
            s->engine->Start(b);
        };
        s->engine->Start(a);
    };
    Simulator::Schedule(origin + t.start + Seconds(arrivals->GetValue()), *issue);
    // Arrivals stop with the traffic; requests still open then are counted, not completed.
    Simulator::Schedule(origin + stop, [issue, open, stopped, s, record]() {
        *stopped = true;
        s->recorder->GetFlow(record).requests += *open;
        *open = 0;
    });
}

void
Diurnal(Ptr<FlowEngine> engine, uint32_t flow, double wireBps, DiurnalProfile profile, Time origin,
        Time until)
{
    const Time now = Simulator::Now();
    engine->SetRate(flow,
                    std::max(1000.0, wireBps * DiurnalFactor(profile, now - origin)));
    // The packet engine's steps: 96 per period, at most 1 s apart.
    const Time step = std::min(Seconds(1), profile.period / 96);
    if (now + step < until)
    {
        Simulator::Schedule(step, &Diurnal, engine, flow, wireBps, profile, origin, until);
    }
}

} // namespace

FlowWorkload::FlowWorkload(const Scenario& scenario,
                           Ptr<Topology> topology,
                           RunRecorder& recorder,
                           Time stop)
    : m_state(std::make_unique<State>())
{
    auto* s = m_state.get();
    s->recorder = &recorder;
    s->engine = CreateObject<FlowEngine>();
    s->engine->Configure(topology);
    const Time origin = recorder.GetOrigin();
    Ptr<FlowEngine> engine = s->engine;
    engine->TraceConnectWithoutContext("FlowCompleted",
                                       Callback<void, uint32_t>([s](uint32_t flow) {
                                           auto it = s->onComplete.find(flow);
                                           if (it != s->onComplete.end())
                                           {
                                               auto next = std::move(it->second);
                                               s->onComplete.erase(it);
                                               next();
                                           }
                                       }));

    // Each flow's paths over time (flows.csv path_kinds), as the engine traces them.
    engine->TraceConnectWithoutContext(
        "PathChanged", Callback<void, uint32_t>([s, origin](uint32_t flow) {
            auto it = s->flowOfEngineFlow.find(flow);
            if (it != s->flowOfEngineFlow.end())
            {
                auto& rec = s->recorder->GetFlow(s->flows[it->second].record);
                rec.paths.emplace_back(Simulator::Now() - origin, s->engine->DescribePath(flow));
            }
        }));

    // The VPN's internet nodes hold what they forward (TopologyBuilder::InternetJitter).
    TypeId::AttributeInformation jitter;
    if (TopologyBuilder::GetTypeId().LookupAttributeByName("InternetJitter", &jitter))
    {
        const Time maxJitter = DynamicCast<const TimeValue>(jitter.initialValue)->Get();
        for (uint32_t id : topology->GetNodeIds())
        {
            if (topology->GetNodeRole(id) == NodeRole::Internet)
            {
                engine->SetForwardJitter(id, maxJitter);
            }
        }
    }

    // Probes: at each probe time, the current paths there and back.
    TypeId::AttributeInformation info;
    ProbeSender::GetTypeId().LookupAttributeByName("Interval", &info);
    const Time defaultInterval = DynamicCast<const TimeValue>(info.initialValue)->Get();
    for (const auto& p : scenario.probes)
    {
        const Endpoint src = p.service.empty() ? ResolveEndpoint(topology, p.site)
                                               : ResolvePublicHost(topology, p.site);
        const Endpoint dst = p.service.empty() ? ResolveEndpoint(topology, p.vnet)
                                               : ResolveService(topology, p.service);
        const Time every = p.interval.value_or(defaultInterval);
        const bool tcp = p.protocol.value_or("Udp") == "Tcp";
        const uint16_t udpPort = s->Port(src.node->GetId(), 17);
        const ProbeRecord base{p.name, p.site, p.vnet, 0, Time(0), Time(0), false, 1, Time(0)};
        const uint32_t srcNode = src.node->GetId();
        const uint32_t count = static_cast<uint32_t>(std::ceil(stop.GetSeconds() / every.GetSeconds()));
        auto probe = std::make_shared<std::function<void(uint32_t)>>();
        std::weak_ptr<std::function<void(uint32_t)>> weak = probe;
        *probe = [s, engine, base, srcNode, src, dst, tcp, udpPort, every, count, origin,
                  weak](uint32_t seq) {
            const uint16_t port = tcp ? s->Port(srcNode, 6) : udpPort;
            const auto r = engine->Probe(srcNode, src.address, dst.address, tcp ? 6 : 17, port,
                                         kProbePort);
            ProbeRecord rec = base;
            rec.seq = seq;
            rec.sent = Simulator::Now() - origin;
            rec.success = r.success;
            rec.rtt = r.success ? r.rtt : Time(0);
            s->recorder->AddProbe(rec);
            if (seq + 1 < count)
            {
                if (auto next = weak.lock())
                {
                    Simulator::Schedule(every, [next, seq]() { (*next)(seq + 1); });
                }
            }
        };
        Simulator::Schedule(origin, [probe]() { (*probe)(0); });
    }

    // Traffic.
    for (const auto& t : scenario.traffic)
    {
        const Time flowStop = t.stop ? std::min(*t.stop, stop) : stop;
        FlowRecord rec;
        rec.flow = t.name;
        rec.from = t.from;
        rec.to = t.to;
        rec.start = t.start;
        rec.stop = flowStop;
        if (t.kind == TrafficKind::RequestResponse)
        {
            rec.kind = "RequestResponse";
            rec.protocol = "tcp";
            const std::size_t record = recorder.AddFlow(rec);
            if (t.start < flowStop)
            {
                InstallRequests(s, t, record, ResolveEndpoint(topology, t.from),
                                ResolveEndpoint(topology, t.to), origin, flowStop);
            }
            continue;
        }
        const bool udp = t.kind == TrafficKind::ConstantRate;
        rec.kind = udp ? "ConstantRate" : "Bulk";
        rec.protocol = udp ? "udp" : "tcp";
        const std::size_t record = recorder.AddFlow(rec);
        if (t.start >= flowStop)
        {
            continue;
        }
        const Endpoint src = ResolveEndpoint(topology, t.from);
        const Endpoint dst = ResolveEndpoint(topology, t.to);
        const uint32_t packetSize = t.packetSize.value_or(1200);
        const double payloadShare = udp ? packetSize / (packetSize + kUdpIpHeaderBytes) : 1.0;
        FlowEngine::FlowSpec spec;
        spec.srcNode = src.node->GetId();
        spec.src = src.address;
        spec.dst = dst.address;
        spec.protocol = udp ? 17 : 6;
        spec.dstPort = kFlowPort;
        spec.elastic = !udp;
        spec.rateBps = udp ? t.rateBps.value_or(0) / payloadShare : 0;
        spec.bytes = udp ? 0 : t.bytes.value_or(0);
        if (udp)
        {
            spec.packetBytes = packetSize + kUdpIpHeaderBytes;
        }
        const std::size_t k = s->flows.size();
        s->flows.push_back({record, 0, payloadShare, udp ? packetSize : 1448, udp, false});
        // The flow enters the engine when it starts, taking its source port then, in the order
        // the packet engine's sockets take theirs (so the same ECMP choice).
        const Time length = flowStop - t.start;
        const std::optional<DiurnalProfile> diurnal = udp ? t.diurnal : std::nullopt;
        Simulator::Schedule(origin + t.start, [s, engine, spec, k, length, diurnal, origin]() {
            FlowEngine::FlowSpec f = spec;
            f.srcPort = s->Port(f.srcNode, f.protocol);
            const uint32_t flow = engine->AddFlow(f);
            s->flows[k].engineFlow = flow;
            s->flows[k].started = true;
            s->flowOfEngineFlow[flow] = k;
            engine->Start(flow);
            Simulator::Schedule(length, &FlowEngine::Stop, engine, flow);
            if (diurnal)
            {
                Diurnal(engine, flow, f.rateBps, *diurnal, origin, Simulator::Now() + length);
            }
        });
    }

    // The sampled links (circuit links, VPN tunnels), in the recorder's order, at its times.
    s->circuitLinks = SampledLinks(topology);
    if (!s->circuitLinks.empty())
    {
        // What the engine carried on each circuit link goes into the recorder's samples as they
        // are taken, so that links.csv streams the flow engine's load like the packet engine's.
        s->lastSample.resize(s->circuitLinks.size());
        Simulator::Schedule(origin, [s]() {
            for (std::size_t i = 0; i < s->circuitLinks.size(); ++i)
            {
                s->lastSample[i] = s->Bits(s->circuitLinks[i]);
            }
        });
        recorder.SetLinkTrafficSource([s](std::size_t i, LinkSample& sample) {
            if (i >= s->circuitLinks.size())
            {
                return;
            }
            const auto now = s->Bits(s->circuitLinks[i]);
            const auto& before = s->lastSample[i];
            sample.bitsIn += static_cast<uint64_t>(now[0] - before[0] + 0.5);
            sample.bitsOut += static_cast<uint64_t>(now[1] - before[1] + 0.5);
            sample.droppedBitsIn += static_cast<uint64_t>(now[2] - before[2] + 0.5);
            sample.droppedBitsOut += static_cast<uint64_t>(now[3] - before[3] + 0.5);
            s->lastSample[i] = now;
        });
    }
    // The same for the gateways' data paths (gateways.csv).
    recorder.SetGatewayTrafficSource([s](const ErGateway* gw, GatewayDataPath::Counters& c) {
        c.Add(s->engine->GetGatewayTraffic(gw));
    });
}

FlowWorkload::~FlowWorkload() = default;

Ptr<FlowEngine>
FlowWorkload::GetEngine() const
{
    return m_state->engine;
}

void
FlowWorkload::FillFlows()
{
    auto* s = m_state.get();
    const Time origin = s->recorder->GetOrigin();
    for (const auto& f : s->flows)
    {
        if (!f.started)
        {
            continue;
        }
        const auto& e = s->engine->GetFlow(f.engineFlow);
        auto& rec = s->recorder->GetFlow(f.record);
        rec.txBytes = static_cast<uint64_t>(e.txBytes * f.payloadShare + 0.5);
        rec.rxBytes = static_cast<uint64_t>(e.rxBytes * f.payloadShare + 0.5);
        const double per = f.udp ? f.packetSize : kTcpPayloadBytes;
        rec.txPackets = static_cast<uint64_t>(std::ceil(rec.txBytes / per));
        rec.rxPackets = static_cast<uint64_t>(std::ceil(rec.rxBytes / per));
        if (!e.firstRx.IsNegative())
        {
            rec.firstRx = e.firstRx - origin;
            rec.lastRx = e.lastRx - origin;
        }
        rec.path = rec.paths.empty() ? s->engine->DescribePath(f.engineFlow) : rec.paths.front().second;
    }
}

} // namespace expressroute
} // namespace ns3
