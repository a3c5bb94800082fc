using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;

namespace CareHub.E2E.Huddle;

[Collection(BrowserCollection.Name)]
public sealed class HuddleWallDisplayTests(CareHubBrowser browser)
{
    [Fact]
    public async Task The_wall_display_follows_the_current_card_and_shows_patients_as_initials()
    {
        await using var room = await HuddleRoom.GatherAsync(browser, "Maria Alvarez");
        var maria = room["Maria Alvarez"];
        await maria.AddTopicAsync("Safety: two falls on 4 West since yesterday");
        await HuddleRoom.SpreadPatientCardsAsync(maria);
        var boardId = await maria.BoardIdAsync();
        var patients = await room.PatientCardsAsync(boardId);
        patients.ShouldNotBeEmpty("the demo data proposes no patient for the board");
        var (patientCard, fullName, initials) = patients[0];

        var tv = await room.SignInAsync("Samuel Tran");
        await tv.SetViewportSizeAsync(1920, 1080);
        var wall = await HuddleWallDisplayPage.OpenAsync(tv, maria.TeamId);
        await wall.ShouldShowBoardAsync();

        await maria.DiscussNowAsync(patientCard);
        await wall.ShouldFollowCardAsync(patientCard);
        (await wall.CurrentTitleAsync()).ShouldStartWith(initials);
        // The team keeps the wall private (the default): initials and bed, never a name, on the whole wall.
        var onTheWall = await wall.Display.InnerTextAsync();
        foreach (var patient in patients)
        {
            onTheWall.ShouldNotContain(patient.FullName);
            (await wall.CardTitle(patient.CardId).InnerTextAsync()).ShouldStartWith(patient.Initials);
        }
        onTheWall.ShouldNotContain(fullName);

        var before = await wall.CurrentTitleAsync();
        var next = await maria.NextCardAsync();
        await wall.ShouldFollowCardAsync(next);
        await Expect(wall.CurrentCard.Locator(".huddle-wall-current-title")).ToHaveTextAsync(await wall.CardTitle(next).InnerTextAsync());
        if (await maria.TitleOfAsync(next) != await maria.TitleOfAsync(patientCard))
            (await wall.CurrentTitleAsync()).ShouldNotBe(before);

        // For the user guide: a patient being discussed, the timer running.
        await maria.DiscussNowAsync(patientCard);
        await wall.ShouldFollowCardAsync(patientCard);
        if (await maria.Timer.GetAttributeAsync("data-running") != "true")
            await maria.StartTimerAsync();
        await Expect(wall.Timer).ToHaveAttributeAsync("data-running", "true");
        Screenshots.PublishToDocs(await Screenshots.SaveAsync(tv, "huddle-wall.png"));
        await maria.PauseTimerAsync();
        await Expect(wall.Timer).ToHaveAttributeAsync("data-running", "false");
    }
}
