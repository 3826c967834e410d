package dev.custos.backup;

import java.util.List;

import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Backups for installation administrators: the list kept, and one made now ({@code custos backup}). */
@RestController
class BackupController {

    private final Backups backups;
    private final Accounts accounts;

    BackupController(Backups backups, Accounts accounts) {
        this.backups = backups;
        this.accounts = accounts;
    }

    @GetMapping("/api/admin/backups")
    List<BackupFile> list(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators see the backups.");
        return backups.list();
    }

    /** Backs up the database and the key store now; answers once both files are on disk. */
    @PostMapping("/api/admin/backups")
    @ResponseStatus(HttpStatus.CREATED)
    Backups.Taken take(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators make backups.");
        try {
            return backups.takeNow();
        } catch (Backups.BackupFailed e) {
            throw new CustosException(HttpStatus.SERVICE_UNAVAILABLE, "backup-failed", e.getMessage());
        }
    }
}
