using CareHub.Web.Security;

namespace CareHub.Web.Tests.Security;

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/patients", "/patients")]
    [InlineData("/patients/0199a1b2-0000-7000-8000-000000000001?tab=1", "/patients/0199a1b2-0000-7000-8000-000000000001?tab=1")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/patients", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("patients", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void Only_a_path_inside_the_app_is_kept(string? returnUrl, string expected) =>
        DevelopmentSignIn.LocalOrHome(returnUrl).ShouldBe(expected);
}
