// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-request-response.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/double.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteRequestResponse");
NS_OBJECT_ENSURE_REGISTERED(RequestResponseClient);
NS_OBJECT_ENSURE_REGISTERED(RequestResponseServer);

namespace
{
constexpr uint32_t kHeader = 8; ///< request size, response size (network order)
constexpr uint32_t kChunk = 1448;
} // namespace

TypeId
RequestResponseClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::RequestResponseClient")
            .SetParent<Application>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<RequestResponseClient>()
            .AddTraceSource("RequestDone",
                            "A request completed (response bytes, completion time) or failed.",
                            MakeTraceSourceAccessor(&RequestResponseClient::m_requestDone),
                            "ns3::expressroute::RequestResponseClient::RequestCallback")
            .AddTraceSource("Tx",
                            "Request bytes handed to TCP.",
                            MakeTraceSourceAccessor(&RequestResponseClient::m_tx),
                            "ns3::Packet::TracedCallback");
    return tid;
}

RequestResponseClient::RequestResponseClient()
    : m_arrivals(CreateObject<ExponentialRandomVariable>()),
      m_uniform(CreateObject<UniformRandomVariable>())
{
}

RequestResponseClient::~RequestResponseClient() = default;

void
RequestResponseClient::Configure(Ipv4Address server,
                                 uint16_t port,
                                 double requestsPerSecond,
                                 SizeDistribution request,
                                 SizeDistribution response)
{
    m_server = server;
    m_port = port;
    m_rate = requestsPerSecond;
    m_request = request;
    m_response = response;
    m_arrivals->SetAttribute("Mean", DoubleValue(1.0 / requestsPerSecond));
}

int64_t
RequestResponseClient::AssignStreams(int64_t stream)
{
    m_arrivals->SetStream(stream);
    m_uniform->SetStream(stream + 1);
    return 2;
}

void
RequestResponseClient::DoDispose()
{
    m_pending.clear();
    Application::DoDispose();
}

void
RequestResponseClient::StartApplication()
{
    ScheduleNext();
}

void
RequestResponseClient::StopApplication()
{
    Simulator::Cancel(m_next);
    for (auto& [socket, p] : m_pending)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
        m_requestDone(p.received, Simulator::Now() - p.started, false);
    }
    m_pending.clear();
}

void
RequestResponseClient::ScheduleNext()
{
    m_next = Simulator::Schedule(Seconds(m_arrivals->GetValue()), &RequestResponseClient::Issue, this);
}

uint32_t
RequestResponseClient::Draw(const SizeDistribution& d)
{
    double v;
    if (d.mean > 0)
    {
        v = -d.mean * std::log(1.0 - m_uniform->GetValue());
    }
    else
    {
        v = d.min + m_uniform->GetValue() * (d.max - d.min);
    }
    return static_cast<uint32_t>(std::clamp<double>(std::round(v), d.min, d.max));
}

void
RequestResponseClient::Issue()
{
    ScheduleNext();
    auto socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    socket->Bind();
    Pending p;
    p.started = Simulator::Now();
    p.toSend = std::max(kHeader, Draw(m_request));
    p.expect = Draw(m_response);
    m_pending[socket] = p;
    socket->SetConnectCallback(MakeCallback(&RequestResponseClient::Connected, this),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->SetRecvCallback(MakeCallback(&RequestResponseClient::Read, this));
    socket->Connect(InetSocketAddress(m_server, m_port));
}

void
RequestResponseClient::Connected(Ptr<Socket> s)
{
    auto it = m_pending.find(s);
    if (it == m_pending.end())
    {
        return;
    }
    // The header first: request and response sizes.
    const uint32_t req = it->second.toSend;
    const uint32_t resp = it->second.expect;
    uint8_t head[kHeader] = {uint8_t(req >> 24), uint8_t(req >> 16), uint8_t(req >> 8), uint8_t(req),
                             uint8_t(resp >> 24), uint8_t(resp >> 16), uint8_t(resp >> 8), uint8_t(resp)};
    auto packet = Create<Packet>(head, kHeader);
    s->Send(packet);
    m_tx(packet);
    it->second.toSend -= kHeader;
    s->SetSendCallback(MakeCallback(&RequestResponseClient::Fill, this));
    Fill(s, s->GetTxAvailable());
}

void
RequestResponseClient::Fill(Ptr<Socket> s, uint32_t)
{
    auto it = m_pending.find(s);
    if (it == m_pending.end())
    {
        return;
    }
    while (it->second.toSend > 0 && s->GetTxAvailable() > 0)
    {
        const uint32_t n = std::min({it->second.toSend, kChunk, s->GetTxAvailable()});
        auto packet = Create<Packet>(n);
        if (s->Send(packet) < 0)
        {
            break;
        }
        m_tx(packet);
        it->second.toSend -= n;
    }
}

void
RequestResponseClient::Read(Ptr<Socket> s)
{
    auto it = m_pending.find(s);
    while (Ptr<Packet> p = s->Recv())
    {
        if (it != m_pending.end())
        {
            it->second.received += p->GetSize();
        }
    }
    if (it != m_pending.end() && it->second.received >= it->second.expect)
    {
        m_requestDone(it->second.received, Simulator::Now() - it->second.started, true);
        m_pending.erase(it);
        s->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        s->Close();
    }
}

TypeId
RequestResponseServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::RequestResponseServer")
            .SetParent<Application>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<RequestResponseServer>()
            .AddTraceSource("Rx",
                            "Request bytes received.",
                            MakeTraceSourceAccessor(&RequestResponseServer::m_rx),
                            "ns3::Packet::AddressTracedCallback");
    return tid;
}

RequestResponseServer::RequestResponseServer() = default;
RequestResponseServer::~RequestResponseServer() = default;

void
RequestResponseServer::DoDispose()
{
    m_listener = nullptr;
    m_conns.clear();
    Application::DoDispose();
}

void
RequestResponseServer::StartApplication()
{
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&RequestResponseServer::Accept, this));
}

void
RequestResponseServer::StopApplication()
{
    if (m_listener)
    {
        m_listener->Close();
    }
    for (auto& [s, c] : m_conns)
    {
        s->Close();
    }
    m_conns.clear();
}

void
RequestResponseServer::Accept(Ptr<Socket> s, const Address&)
{
    m_conns[s] = Conn{};
    s->SetRecvCallback(MakeCallback(&RequestResponseServer::Read, this));
    s->SetSendCallback(MakeCallback(&RequestResponseServer::Fill, this));
    s->SetCloseCallbacks(Callback<void, Ptr<Socket>>([this](Ptr<Socket> c) { m_conns.erase(c); }),
                         Callback<void, Ptr<Socket>>([this](Ptr<Socket> c) { m_conns.erase(c); }));
}

void
RequestResponseServer::Read(Ptr<Socket> s)
{
    auto it = m_conns.find(s);
    Address from;
    while (Ptr<Packet> p = s->RecvFrom(from))
    {
        if (it == m_conns.end())
        {
            continue;
        }
        m_rx(p, from);
        Conn& c = it->second;
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        std::size_t at = 0;
        while (!c.headerDone && at < bytes.size())
        {
            c.header.push_back(bytes[at++]);
            if (c.header.size() == kHeader)
            {
                const auto& h = c.header;
                const uint32_t req = uint32_t(h[0]) << 24 | uint32_t(h[1]) << 16 | uint32_t(h[2]) << 8 | h[3];
                c.responseLeft = uint32_t(h[4]) << 24 | uint32_t(h[5]) << 16 | uint32_t(h[6]) << 8 | h[7];
                c.requestLeft = req - kHeader;
                c.headerDone = true;
            }
        }
        if (c.headerDone)
        {
            const uint32_t body = static_cast<uint32_t>(bytes.size() - at);
            c.requestLeft -= std::min(c.requestLeft, body);
            if (c.requestLeft == 0)
            {
                Fill(s, s->GetTxAvailable());
            }
        }
    }
}

void
RequestResponseServer::Fill(Ptr<Socket> s, uint32_t)
{
    auto it = m_conns.find(s);
    if (it == m_conns.end() || !it->second.headerDone || it->second.requestLeft > 0)
    {
        return;
    }
    Conn& c = it->second;
    while (c.responseLeft > 0 && s->GetTxAvailable() > 0)
    {
        const uint32_t n = std::min({c.responseLeft, kChunk, s->GetTxAvailable()});
        if (s->Send(Create<Packet>(n)) < 0)
        {
            break;
        }
        c.responseLeft -= n;
    }
}

} // namespace expressroute
} // namespace ns3
