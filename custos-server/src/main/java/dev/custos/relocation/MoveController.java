package dev.custos.relocation;

import java.io.IOException;
import java.util.Base64;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Moving a workspace between regions' installations, for their administrators: on the first, the move started
 * (the transfer key answered once), the package downloaded, the move completed with the receipt or called off;
 * on the second, the package taken in with the transfer key in {@value #TRANSFER_KEY}.
 */
@RestController
class MoveController {

    static final String TRANSFER_KEY = "Custos-Transfer-Key";

    private final MoveOut moveOut;
    private final MoveIn moveIn;

    MoveController(MoveOut moveOut, MoveIn moveIn) {
        this.moveOut = moveOut;
        this.moveIn = moveIn;
    }

    record Move(@NotNull Workspace.Region to) {
    }

    record Receipt(@NotBlank String receipt) {
    }

    @PostMapping("/api/admin/workspaces/{workspaceId}/move")
    @ResponseStatus(HttpStatus.CREATED)
    MoveOut.Packaged start(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody Move move) {
        return moveOut.start(actor, new WorkspaceId(workspaceId), move.to());
    }

    @GetMapping("/api/admin/workspaces/{workspaceId}/move/package")
    ResponseEntity<InputStreamResource> download(Actor actor, @PathVariable UUID workspaceId) {
        var workspace = new WorkspaceId(workspaceId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(workspace + ".custos-move").build().toString())
                .body(new InputStreamResource(moveOut.download(actor, workspace)));
    }

    @PostMapping("/api/admin/workspaces/{workspaceId}/move/complete")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void complete(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody Receipt receipt) {
        moveOut.complete(actor, new WorkspaceId(workspaceId), receipt.receipt());
    }

    @DeleteMapping("/api/admin/workspaces/{workspaceId}/move")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void callOff(Actor actor, @PathVariable UUID workspaceId) {
        moveOut.callOff(actor, new WorkspaceId(workspaceId));
    }

    @PostMapping(value = "/api/admin/workspace-arrivals", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    MoveIn.Arrival arrive(Actor actor, @RequestHeader(TRANSFER_KEY) String transferKey, HttpServletRequest request)
            throws IOException {
        return moveIn.accept(actor, request.getInputStream(), transferKey(transferKey));
    }

    private static byte[] transferKey(String encoded) {
        try {
            byte[] key = Base64.getUrlDecoder().decode(encoded.strip());
            if (key.length == 32) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw CustosException.invalid("transfer-key-invalid", "The transfer key is the 43 characters the first "
                + "installation answered when the move started.");
    }
}
