// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_CUSTOMER_SITE_H
#define EXPRESSROUTE_CUSTOMER_SITE_H

#include "expressroute-ipv4-prefix.h"

#include "ns3/node.h"
#include "ns3/object.h"

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * An on-premises network: its customer edge (CE) routers, hosts and prefixes. With two CE
 * routers the primary link of each circuit lands on the first and the secondary on the second,
 * so that one CE is not a single point of failure (references.md §8, HA).
 */
class CustomerSite : public Object
{
  public:
    static TypeId GetTypeId();

    const std::string& GetName() const { return m_name; }
    uint32_t GetAsn() const { return m_asn; }
    uint32_t GetHostCount() const { return m_hosts; }
    uint32_t GetCeRouterCount() const { return m_ceRouters; }
    double GetLatitude() const { return m_latitude; }
    double GetLongitude() const { return m_longitude; }

    void SetPrefixes(std::vector<Ipv4Prefix> prefixes) { m_prefixes = std::move(prefixes); }
    const std::vector<Ipv4Prefix>& GetPrefixes() const { return m_prefixes; }

    void AddCeRouter(Ptr<Node> node) { m_ce.push_back(node); }
    const std::vector<Ptr<Node>>& GetCeRouters() const { return m_ce; }
    void AddHost(Ptr<Node> node) { m_hostNodes.push_back(node); }
    const std::vector<Ptr<Node>>& GetHosts() const { return m_hostNodes; }

  protected:
    void DoDispose() override;

  private:
    std::string m_name;
    uint32_t m_asn{65000};
    uint32_t m_hosts{1};
    uint32_t m_ceRouters{1};
    double m_latitude{0};
    double m_longitude{0};
    std::vector<Ipv4Prefix> m_prefixes;
    std::vector<Ptr<Node>> m_ce;
    std::vector<Ptr<Node>> m_hostNodes;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_CUSTOMER_SITE_H
