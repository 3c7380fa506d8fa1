Attribute VB_Name = "WresRibbon"
' Callbacks for the WRES ribbon tab (customUI14.xml). The work is done in Python by
' wres_xl.excel, through xlwings' RunPython, on the workbook that is active when the
' button is pressed: the add-in itself holds no data.
Option Explicit

Public Sub WresRefresh(control As IRibbonControl)
    WresRun "import wres_xl.excel; wres_xl.excel.refresh_caller()"
End Sub

Public Sub WresCheck(control As IRibbonControl)
    WresRun "import wres_xl.excel; wres_xl.excel.check_caller()"
End Sub

Public Sub WresReport(control As IRibbonControl)
    WresRun "import wres_xl.excel; wres_xl.excel.report_caller()"
End Sub

' Every button runs Python through here, so that a PC which does not let Excel start
' Python gets a message saying so instead of a VBA error.
Private Sub WresRun(ByVal command As String)
    If Not WresHaveWorkbook() Then Exit Sub
    On Error GoTo failed
    RunPython command
    Exit Sub
failed:
    MsgBox "Excel could not start Python to do this (" & Err.Description & ")." & vbCrLf & vbCrLf & _
        "On a managed NHS PC this is usually Microsoft Defender's rule 'Block all Office " & _
        "applications from creating child processes'. Ask IT to allow Excel to start " & _
        "the wres-xl Python (see 'Deploying across a trust' in the wres-xl README). " & _
        "Until then, 'wres-xl refresh' at a command prompt does the same work.", _
        vbExclamation, "WRES"
End Sub

' RunPython passes the active workbook to Python; with none open it would stop with a
' VBA error, so say what to do instead.
Private Function WresHaveWorkbook() As Boolean
    If ActiveWorkbook Is Nothing Then
        MsgBox "Open your WRES workbook first, then press the button again.", _
               vbInformation, "WRES"
        WresHaveWorkbook = False
    Else
        WresHaveWorkbook = True
    End If
End Function
