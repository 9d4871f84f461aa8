// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_GATEWAY_INSTANCE_FAILURE_H
#define EXPRESSROUTE_FAILURE_GATEWAY_INSTANCE_FAILURE_H

// One instance of a VNet's ExpressRoute gateway goes out of service (a failure, or the one at
// a time of an upgrade: references.md §6): the gateway's capacity drops by the instance's share
// and the flows it carried move to the other instances (expressroute-gateway-data-path.h).

#include "expressroute-failure.h"

namespace ns3
{
namespace expressroute
{

class GatewayDataPath;

class GatewayInstanceFailure : public Failure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::Vnet; }

  protected:
    std::string DoBind() override;
    void DoStart() override;
    void DoClear() override;
    void DoDispose() override;

  private:
    Ptr<GatewayDataPath> m_dataPath;
    uint32_t m_instance{0};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_GATEWAY_INSTANCE_FAILURE_H
