using Bunit;
using MudBlazor;
using MudBlazor.Services;

namespace CareHub.Web.Tests.Infrastructure;

/// <summary>
/// The one bUnit context of the component tests: MudBlazor's services, loose JS interop (MudBlazor calls JS that
/// a test has no use for), and <see cref="RenderPopoverProvider"/> for components with popovers, menus or tooltips.
/// xunit disposes it through <see cref="IAsyncDisposable"/>: MudBlazor's services must be disposed asynchronously.
/// </summary>
public abstract class CareHubComponentTest : BunitContext
{
    protected CareHubComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    /// <summary>Renders the one <see cref="MudPopoverProvider"/> that popovers, selects and tooltips attach to.</summary>
    protected IRenderedComponent<MudPopoverProvider> RenderPopoverProvider() => Render<MudPopoverProvider>();
}
