Attribute VB_Name = "WresRibbon"
' Callbacks for the WRES ribbon tab (customUI14.xml). The work is done in Python by
' wres_xl.excel, through xlwings' RunPython, on the workbook that is active when the
' button is pressed: the add-in itself holds no data.
Option Explicit

Public Sub WresRefresh(control As IRibbonControl)
    If Not WresHaveWorkbook() Then Exit Sub
    RunPython "import wres_xl.excel; wres_xl.excel.refresh_caller()"
End Sub

Public Sub WresCheck(control As IRibbonControl)
    If Not WresHaveWorkbook() Then Exit Sub
    RunPython "import wres_xl.excel; wres_xl.excel.check_caller()"
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
