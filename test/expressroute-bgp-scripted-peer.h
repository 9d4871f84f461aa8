// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BGP_SCRIPTED_PEER_H
#define EXPRESSROUTE_BGP_SCRIPTED_PEER_H

// Tests of the BGP code against byte-exact messages: helpers that build raw UPDATEs, a peer
// written by hand that sends raw bytes over TCP and keeps what it receives, and a fixture with
// a speaker (the MSEE) that such peers connect to.

#include "expressroute-bgp-speaker.h"
#include "expressroute-fib-routing-helper.h"
#include "expressroute-test-fixture.h"

#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{
namespace test
{

using Bytes = std::vector<uint8_t>;

inline Ipv4Prefix
P(const char* text)
{
    return *Ipv4Prefix::Parse(text);
}


inline Bytes
Cat(std::initializer_list<Bytes> parts)
{
    Bytes out;
    for (const auto& p : parts)
    {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

/// An UPDATE from its withdrawn routes, path attributes and NLRI fields, lengths filled in.
inline Bytes
Update(const Bytes& attributes, const Bytes& nlri, const Bytes& withdrawn = {})
{
    Bytes m(16, 0xff);
    const std::size_t length = 19 + 2 + withdrawn.size() + 2 + attributes.size() + nlri.size();
    m.push_back(static_cast<uint8_t>(length >> 8));
    m.push_back(static_cast<uint8_t>(length));
    m.push_back(2);
    m.push_back(static_cast<uint8_t>(withdrawn.size() >> 8));
    m.push_back(static_cast<uint8_t>(withdrawn.size()));
    m.insert(m.end(), withdrawn.begin(), withdrawn.end());
    m.push_back(static_cast<uint8_t>(attributes.size() >> 8));
    m.push_back(static_cast<uint8_t>(attributes.size()));
    return Cat({m, attributes, nlri});
}

// Well-formed attributes of a 4-octet session, as a peer with ASN 65001 sends them.
inline const Bytes kOrigin{0x40, 0x01, 0x01, 0x00};                            // IGP
inline const Bytes kAsPath{0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9}; // 65001
inline const Bytes kNextHop{0x40, 0x03, 0x04, 192, 168, 100, 1};
inline const Bytes kMed{0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x32};             // 50
inline const Bytes kCommunities{0xc0, 0x08, 0x04, 0x2f, 0x2c, 0xc7, 0x3a};     // 12076:51002

/// A BGP peer written by hand: raw bytes out over TCP, every message it receives kept.
class ScriptedPeer
{
  public:
    void Connect(Ptr<Node> node, Ipv4Address local, Ipv4Address remote)
    {
        m_socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(local, 0));
        m_socket->SetRecvCallback(MakeCallback(&ScriptedPeer::Read, this));
        m_socket->Connect(InetSocketAddress(remote, 179));
    }

    void Send(const Bytes& b) { m_socket->Send(Create<Packet>(b.data(), static_cast<uint32_t>(b.size()))); }

    /// The UPDATEs received, as bytes.
    std::vector<Bytes> Updates() const
    {
        std::vector<Bytes> out;
        for (const auto& m : m_received)
        {
            if (m.size() > 18 && m[18] == 2)
            {
                out.push_back(m);
            }
        }
        return out;
    }

    /// The NOTIFICATIONs received, decoded.
    std::vector<BgpNotification> Notifications() const
    {
        std::vector<BgpNotification> out;
        for (const auto& m : m_received)
        {
            auto r = DecodeBgpMessage(m.data(), m.size());
            if (const auto* message = std::get_if<BgpMessage>(&r))
            {
                if (const auto* n = std::get_if<BgpNotification>(message))
                {
                    out.push_back(*n);
                }
            }
        }
        return out;
    }

    bool ReceivedNotification() const
    {
        return std::any_of(m_received.begin(), m_received.end(),
                           [](const Bytes& m) { return m.size() > 18 && m[18] == 3; });
    }

  private:
    void Read(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            Bytes buf(p->GetSize());
            p->CopyData(buf.data(), buf.size());
            m_reader.Append(buf.data(), buf.size());
            while (auto next = m_reader.Next())
            {
                if (const auto* m = std::get_if<Bytes>(&*next))
                {
                    m_received.push_back(*m);
                }
            }
        }
    }

    Ptr<Socket> m_socket;
    BgpStreamReader m_reader;
    std::vector<Bytes> m_received;
};

/// A speaker (the MSEE, ASN 12076) with two passive eBGP sessions to node "edge": link k has
/// 192.168.100.(4k+1) on the edge and .(4k+2) on the MSEE; peer k has ASN 65001 + k.
class BgpRobustnessSession : public test::SimulatorTest
{
  protected:
    void SetUp() override
    {
        test::SimulatorTest::SetUp();
        m_edge = CreateObject<Node>();
        m_msee = CreateObject<Node>();
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.SetRoutingHelper(FibRoutingHelper());
        stack.Install(m_edge);
        stack.Install(m_msee);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        m_speaker = CreateObjectWithAttributes<BgpSpeaker>(
            "Asn", UintegerValue(12076), "RouterId", Ipv4AddressValue(Ipv4Address("10.0.0.2")));
        m_msee->AddApplication(m_speaker);
        for (uint32_t k = 0; k < 2; ++k)
        {
            auto d = p2p.Install(m_edge, m_msee);
            for (auto [node, dev, host] : {std::make_tuple(m_edge, d.Get(0), 1u), std::make_tuple(m_msee, d.Get(1), 2u)})
            {
                auto ip = node->GetObject<Ipv4>();
                const uint32_t i = ip->AddInterface(dev);
                ip->AddAddress(i, Ipv4InterfaceAddress(Addr(k, host), Ipv4Mask("255.255.255.252")));
                ip->SetUp(i);
            }
            BgpPeerConfig c;
            c.name = "peer" + std::to_string(k);
            c.localAddress = Addr(k, 2);
            c.peerAddress = Addr(k, 1);
            c.peerAsn = 65001 + k;
            c.passive = true;
            m_speaker->AddPeer(c);
        }
        m_speaker->TraceConnectWithoutContext(
            "SessionStateChanged",
            Callback<void, std::string, std::string, std::string>(
                [this](std::string name, std::string, std::string to) { m_states.push_back(name + ":" + to); }));
    }

    static Ipv4Address Addr(uint32_t link, uint32_t host)
    {
        return Ipv4Address(*ParseIpv4("192.168.100.0") + 4 * link + host);
    }

    /// Peer k connects at once, sends its OPEN (ASN 65001 + k) and a KEEPALIVE.
    void Open(uint32_t k, bool fourOctetAs = true, const char* routerId = nullptr)
    {
        m_peers[k].Connect(m_edge, Addr(k, 1), Addr(k, 2));
        BgpOpen o;
        o.asn = 65001 + k;
        o.bgpId = *ParseIpv4(routerId ? routerId : (k == 0 ? "10.0.0.11" : "10.0.0.12"));
        o.fourOctetAs = fourOctetAs;
        const Bytes open = EncodeBgpMessage(o);
        Simulator::Schedule(MilliSeconds(100), [this, k, open]() {
            m_peers[k].Send(open);
            m_peers[k].Send(EncodeBgpMessage(BgpKeepalive{}));
        });
    }

    void SendAt(Time t, uint32_t k, const Bytes& b)
    {
        Simulator::Schedule(t, [this, k, b]() { m_peers[k].Send(b); });
    }

    bool Has(const char* prefix) const { return !m_speaker->GetBestRoutes(P(prefix)).empty(); }

    Ptr<Node> m_edge;
    Ptr<Node> m_msee;
    Ptr<BgpSpeaker> m_speaker;
    ScriptedPeer m_peers[2];
    std::vector<std::string> m_states;
};


} // namespace test
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BGP_SCRIPTED_PEER_H
