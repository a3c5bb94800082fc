using CareHub.Domain.Organization;

namespace CareHub.Web.Security;

public static class StaffText
{
    public static string Role(StaffRole role) => role switch
    {
        StaffRole.SocialWorker => "Social worker",
        StaffRole.CommunityHealthWorker => "Community health worker",
        _ => role.ToString(),
    };
}
